package dev.jit.aws;

import dev.jit.aws.internal.PolicyTemplate;
import dev.jit.spi.BackendConfig;
import dev.jit.spi.Problem;
import dev.jit.spi.StepRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One {@code aws-iam-policy} instance: the IAM users (or roles) it may give jit-managed inline
 * policies, and the policy templates steps name ({@code target: {policy: s3-read}}). Templates are
 * refused at load when, with jit's expiry condition added, they exceed IAM's inline-policy quota
 * for the entity kind (2,048 non-whitespace characters for a user, 10,240 for a role, summed over
 * all of its inline policies).
 *
 * @param connection credentials, endpoints, rate limit; region defaults to {@code aws-global}
 * @param entity {@code user} (default) or {@code role}
 * @param names the IAM user or role names this instance manages; a principal must be one of them
 * @param templates template name ({@code [A-Za-z0-9_-]{1,40}}) → IAM policy document JSON
 * @param principalKinds identity kinds steps may use; default {@code [aws-iam-user]} or {@code
 *     [aws-iam-role]}
 */
public record AwsIamPolicyConfig(
    AwsConnection connection,
    String entity,
    List<String> names,
    Map<String, String> templates,
    List<String> principalKinds)
    implements BackendConfig {

  /** IAM's aggregate inline-policy quota for a user, in non-whitespace characters. */
  public static final int USER_QUOTA = 2_048;

  /** IAM's aggregate inline-policy quota for a role, in non-whitespace characters. */
  public static final int ROLE_QUOTA = 10_240;

  private static final Pattern TEMPLATE = Pattern.compile("[A-Za-z0-9_-]{1,40}");
  private static final Pattern ENTITY = Pattern.compile("[\\w+=,.@-]{1,64}");

  public AwsIamPolicyConfig {
    connection = connection == null ? AwsConnection.of(null) : connection;
    entity = entity == null ? "user" : entity;
    names = names == null ? List.of() : List.copyOf(names);
    templates =
        templates == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(templates));
    principalKinds =
        principalKinds == null
            ? List.of(entity.equals("role") ? "aws-iam-role" : "aws-iam-user")
            : List.copyOf(principalKinds);
  }

  boolean roles() {
    return entity.equals("role");
  }

  int quota() {
    return roles() ? ROLE_QUOTA : USER_QUOTA;
  }

  @Override
  public List<Problem> validate() {
    List<Problem> out = new ArrayList<>(connection.validate("connection.", false));
    if (!entity.equals("user") && !entity.equals("role")) {
      out.add(new Problem("entity", "must be user or role"));
    }
    if (names.isEmpty()) {
      out.add(new Problem("names", "must list the IAM " + entity + "s this backend manages"));
    }
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i) == null || !ENTITY.matcher(names.get(i)).matches()) {
        out.add(new Problem("names[" + i + "]", "is not an IAM " + entity + " name"));
      }
    }
    if (templates.isEmpty()) {
      out.add(new Problem("templates", "must define at least one policy template"));
    }
    new TreeMap<>(templates)
        .forEach(
            (name, json) -> {
              String key = "templates." + name;
              if (!TEMPLATE.matcher(name).matches()) {
                out.add(new Problem(key, "the name must match [A-Za-z0-9_-]{1,40}"));
                return;
              }
              try {
                int size = PolicyTemplate.parse(json == null ? "" : json).renderedSize();
                if (size > quota()) {
                  out.add(
                      new Problem(
                          key,
                          "is "
                              + size
                              + " non-whitespace characters with jit's expiry condition; IAM allows "
                              + quota()
                              + " for all inline policies of a "
                              + entity));
                }
              } catch (IllegalArgumentException e) {
                out.add(new Problem(key, e.getMessage()));
              }
            });
    if (principalKinds.isEmpty()) {
      out.add(new Problem("principalKinds", "must not be empty"));
    }
    return List.copyOf(out);
  }

  StepRules stepRules() {
    return StepRules.builder()
        .require(AwsIamPolicyBackend.POLICY)
        .principalKinds(principalKinds.toArray(String[]::new))
        .scope(AwsIamPolicyBackend.POLICY, templates.keySet(), "policy template")
        .build();
  }
}
