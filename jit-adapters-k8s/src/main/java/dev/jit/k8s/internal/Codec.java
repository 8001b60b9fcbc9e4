package dev.jit.k8s.internal;

import dev.jit.spi.Grant;
import dev.jit.spi.GrantStep;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Grants to bindings and bindings back to grant steps, for one {@link Scope}. A binding's name is
 * derived from (backend, request, target, subject), so a retried or replayed grant names the same
 * object and creates nothing twice, and two requests for the same step get a binding each, each
 * with its own expiry annotation. A step is read back from what the binding actually grants
 * (namespace, roleRef, subject), never from annotations, so an edited binding is reported as what
 * it now is.
 */
public final class Codec {
  private static final Pattern LABEL_VALUE =
      Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]");

  private final Scope scope;

  public Codec(Scope scope) {
    this.scope = scope;
  }

  /** The subject a principal is bound as. */
  public Binding.SubjectRef subject(String principal) {
    return new Binding.SubjectRef(
        scope.subjectKind(), Binding.RBAC_GROUP, scope.subjectName(principal));
  }

  /** The deterministic name of the binding for {@code grant}. */
  public String name(Grant grant, Target t) {
    String key =
        String.join(
            "\n",
            scope.backend(),
            grant.requestId().value(),
            t.namespace(),
            t.roleKind(),
            t.roleName(),
            scope.subjectKind(),
            scope.subjectName(grant.step().principal()));
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return "jit-" + HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** The binding that carries {@code grant}, as jit creates it. */
  public Binding desired(Grant grant, Target t, Instant now) {
    Map<String, String> labels = new HashMap<>(Binding.selector(scope.backend()));
    String id = grant.requestId().value();
    if (LABEL_VALUE.matcher(id).matches()) {
      labels.put(Binding.REQUEST_ID, id);
    }
    Map<String, String> annotations =
        Map.of(
            Binding.REQUEST_ID, id,
            Binding.EXPIRES_AT, grant.expiresAt().toString(),
            Binding.GRANTED_AT, now.toString());
    return new Binding(
        t.namespace(),
        name(grant, t),
        labels,
        annotations,
        t.roleKind(),
        t.roleName(),
        List.of(subject(grant.step().principal())));
  }

  /**
   * Whether {@code existing} is the binding jit would create for this grant: jit's labels, the same
   * roleRef, and the one subject. What a 409 on create is accepted as.
   */
  public boolean isSameGrant(Binding existing, Binding desired) {
    return existing.ownedBy(scope.backend())
        && existing.namespace().equals(desired.namespace())
        && existing.roleKind().equals(desired.roleKind())
        && existing.roleName().equals(desired.roleName())
        && existing.subjects().equals(desired.subjects());
  }

  /** Whether {@code b} grants {@code t} to {@code principal} (among its subjects). */
  public boolean grants(Binding b, Target t, String principal) {
    return b.binds(t) && b.subjects().contains(subject(principal));
  }

  /**
   * The steps a binding of this backend grants: one per subject of the scope's kind and prefix.
   * Empty for a binding jit would never have made (no such subject, an unknown roleRef kind).
   */
  public List<GrantStep> steps(Binding b) {
    Target t;
    if (b.clusterWide() && b.roleKind().equals("ClusterRole")) {
      t = new Target("", "ClusterRole", b.roleName());
    } else if (!b.clusterWide()
        && (b.roleKind().equals("Role") || b.roleKind().equals("ClusterRole"))) {
      t = new Target(b.namespace(), b.roleKind(), b.roleName());
    } else {
      return List.of();
    }
    List<GrantStep> out = new ArrayList<>();
    for (Binding.SubjectRef s : b.subjects()) {
      if (s.kind().equals(scope.subjectKind()) && s.apiGroup().equals(Binding.RBAC_GROUP)) {
        scope
            .principalOf(s.name())
            .filter(p -> p.length() <= 256 && !p.isBlank())
            .ifPresent(p -> out.add(new GrantStep(scope.backend(), t.keys(), p)));
      }
    }
    return out;
  }
}
