package dev.jit.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * What a grant backend accepts in a policy's grant step: the target keys it requires and allows,
 * the principal kinds it takes, and the values inside its managed scope. The engine's builder, the
 * reference app's {@code policy validate} and {@code serve} run {@link #check} on every step of the
 * policy, so a misconfigured step is reported at load, naming the key, instead of failing in front
 * of a requester.
 *
 * <p>Immutable and thread-safe. Build with {@link #builder()}; {@link #ANY} accepts everything (for
 * backends that describe nothing).
 */
public final class StepRules {

  /** Accepts any target and principal kind. */
  public static final StepRules ANY = new Builder().anyKeys().build();

  private record ValueRule(Predicate<String> test, String expectation) {}

  private record TargetRule(String key, Predicate<Map<String, String>> test, String problem) {}

  private final Set<String> required;
  private final Set<String> optional;
  private final boolean anyKeys;
  private final Set<String> principalKinds;
  private final Map<String, List<ValueRule>> values;
  private final List<TargetRule> targetRules;

  private StepRules(Builder b) {
    this.required = Collections.unmodifiableSet(new LinkedHashSet<>(b.required));
    this.optional = Collections.unmodifiableSet(new LinkedHashSet<>(b.optional));
    this.anyKeys = b.anyKeys;
    this.principalKinds = Collections.unmodifiableSet(new LinkedHashSet<>(b.principalKinds));
    Map<String, List<ValueRule>> v = new LinkedHashMap<>();
    b.values.forEach((k, rules) -> v.put(k, List.copyOf(rules)));
    this.values = Collections.unmodifiableMap(v);
    this.targetRules = List.copyOf(b.targetRules);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The target keys every step must have. */
  public Set<String> requiredKeys() {
    return required;
  }

  /** The target keys a step may have besides the required ones. */
  public Set<String> optionalKeys() {
    return optional;
  }

  /** The identity kinds ({@code principal:} in policy) this backend takes; empty means any. */
  public Set<String> principalKinds() {
    return principalKinds;
  }

  /**
   * Everything wrong with one step, in a stable order: missing keys, unknown keys, the principal
   * kind, then values outside the allowed set or shape. Empty when the step is acceptable. Makes no
   * remote call.
   */
  public List<Problem> check(Map<String, String> target, String principalKind) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(principalKind, "principalKind");
    List<Problem> out = new ArrayList<>();
    for (String key : required) {
      if (!target.containsKey(key)) {
        out.add(new Problem("target." + key, "is required"));
      }
    }
    if (!anyKeys) {
      for (String key : new TreeSet<>(target.keySet())) {
        if (!required.contains(key) && !optional.contains(key)) {
          out.add(
              new Problem(
                  "target." + key, "is not a key this backend knows (it takes " + keys() + ")"));
        }
      }
    }
    if (!principalKinds.isEmpty() && !principalKinds.contains(principalKind)) {
      out.add(
          new Problem(
              "principal",
              "'"
                  + Ids.printable(principalKind)
                  + "' is not an identity kind this backend takes (it takes "
                  + principalKinds
                  + ")"));
    }
    for (Map.Entry<String, String> e : new TreeMap<>(target).entrySet()) {
      for (ValueRule rule : values.getOrDefault(e.getKey(), List.of())) {
        if (!rule.test().test(e.getValue())) {
          out.add(
              new Problem(
                  "target." + e.getKey(),
                  "'" + Ids.printable(e.getValue()) + "' " + rule.expectation()));
          break;
        }
      }
    }
    for (TargetRule rule : targetRules) {
      if (!rule.test().test(Collections.unmodifiableMap(target))) {
        out.add(new Problem(rule.key(), rule.problem()));
      }
    }
    return List.copyOf(out);
  }

  private String keys() {
    Set<String> all = new LinkedHashSet<>(required);
    all.addAll(optional);
    return all.isEmpty() ? "no target keys" : all.toString();
  }

  /** Builds {@link StepRules}; every method returns this builder. */
  public static final class Builder {
    private final Set<String> required = new LinkedHashSet<>();
    private final Set<String> optional = new LinkedHashSet<>();
    private boolean anyKeys;
    private final Set<String> principalKinds = new LinkedHashSet<>();
    private final Map<String, List<ValueRule>> values = new LinkedHashMap<>();
    private final List<TargetRule> targetRules = new ArrayList<>();

    private Builder() {}

    /** Target keys every step must have. */
    public Builder require(String... keys) {
      required.addAll(List.of(keys));
      return this;
    }

    /** Target keys a step may have. */
    public Builder allow(String... keys) {
      optional.addAll(List.of(keys));
      return this;
    }

    /** Accept target keys not named by {@link #require} or {@link #allow}. */
    public Builder anyKeys() {
      anyKeys = true;
      return this;
    }

    /** The identity kinds the backend takes; not calling this accepts any. */
    public Builder principalKinds(String... kinds) {
      principalKinds.addAll(List.of(kinds));
      return this;
    }

    /**
     * The managed scope of {@code key}: only these values are accepted (the allow-listed roles,
     * groups, permission sets, namespaces). {@code what} names them in the message, e.g. "role".
     */
    public Builder scope(String key, Set<String> allowed, String what) {
      Set<String> copy = Collections.unmodifiableSet(new TreeSet<>(allowed));
      return value(
          key,
          copy::contains,
          "is not a " + what + " this backend manages (managed: " + copy + ")");
    }

    /**
     * A rule on the value of {@code key}; {@code expectation} completes the sentence "'value' …",
     * e.g. "is not a 12-digit AWS account id". Rules of one key run in order; the first that fails
     * is reported.
     */
    public Builder value(String key, Predicate<String> test, String expectation) {
      values
          .computeIfAbsent(key, k -> new ArrayList<>())
          .add(new ValueRule(Objects.requireNonNull(test), Objects.requireNonNull(expectation)));
      return this;
    }

    /**
     * A rule over the whole target, for shapes one key cannot say: "exactly one of role,
     * clusterRole and clusterWideRole", "namespace unless clusterWideRole". {@code key} names where
     * the problem is reported (e.g. {@code target}); {@code problem} is the sentence.
     */
    public Builder targetRule(String key, Predicate<Map<String, String>> test, String problem) {
      targetRules.add(
          new TargetRule(
              Objects.requireNonNull(key),
              Objects.requireNonNull(test),
              Objects.requireNonNull(problem)));
      return this;
    }

    /**
     * Exactly one of {@code keys} must be present (each still has to be allowed by {@link #allow}).
     */
    public Builder exactlyOneOf(String... keys) {
      List<String> ks = List.of(keys);
      return targetRule(
          "target",
          t -> ks.stream().filter(t::containsKey).count() == 1,
          "needs exactly one of " + ks);
    }

    public StepRules build() {
      return new StepRules(this);
    }
  }
}
