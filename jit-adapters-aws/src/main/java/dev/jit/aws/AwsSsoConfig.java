package dev.jit.aws;

import dev.jit.spi.Problem;
import dev.jit.spi.StepRules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One {@code aws-sso} instance: an IAM Identity Center instance, the jit-only permission sets it
 * may assign (policy steps name them by the key here) and the accounts it may assign them in. Only
 * USER assignments of these permission sets in these accounts are jit's: keep standing access in
 * GROUP assignments or other permission sets, which this backend never lists or touches.
 *
 * @param connection region (of the instance), credentials, endpoints, rate limit
 * @param instanceArn {@code arn:aws:sso:::instance/ssoins-…}
 * @param identityStoreId the instance's identity store, {@code d-…}
 * @param permissionSets name used in policy steps → permission set ARN
 * @param accounts the 12-digit account ids steps may name
 * @param userAttribute how a principal is looked up: {@code email} ({@code emails.value}, the
 *     default) or {@code userName}
 * @param principalKinds the identity kinds policy steps may use; default {@code [email]} for {@code
 *     email} lookups and {@code [aws-sso-user]} for {@code userName}
 * @param maxOutstandingCreations assignment creations in flight at most; default 10 (the service
 *     allows 15)
 * @param maxSessionDuration the longest session a managed permission set may give; {@link
 *     AwsSsoBackend#preflight()} reports permission sets above it (optional)
 * @param listLagChecks checks that may still see the old assignment list after an operation
 *     succeeded, answered as in progress; default 3
 */
public record AwsSsoConfig(
    AwsConnection connection,
    String instanceArn,
    String identityStoreId,
    Map<String, String> permissionSets,
    List<String> accounts,
    String userAttribute,
    List<String> principalKinds,
    Integer maxOutstandingCreations,
    Duration maxSessionDuration,
    Integer listLagChecks)
    implements dev.jit.spi.BackendConfig {

  static final Pattern INSTANCE =
      Pattern.compile("arn:aws[a-z-]*:sso:::instance/(sso)?ins-[a-zA-Z0-9-.]{16}");
  static final Pattern PS_ARN =
      Pattern.compile(
          "arn:aws[a-z-]*:sso:::permissionSet/(sso)?ins-[a-zA-Z0-9-.]{16}/ps-[a-zA-Z0-9-./]{16}");
  static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
  private static final Pattern NAME = Pattern.compile("[\\w+=,.@-]{1,32}");
  private static final Pattern STORE = Pattern.compile("d-[0-9a-f]{10}|[0-9a-f-]{36}");

  public AwsSsoConfig {
    connection = connection == null ? AwsConnection.of(null) : connection;
    permissionSets =
        permissionSets == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(permissionSets));
    accounts = accounts == null ? List.of() : List.copyOf(accounts);
    userAttribute = userAttribute == null ? "email" : userAttribute;
    principalKinds =
        principalKinds == null
            ? List.of(userAttribute.equals("userName") ? "aws-sso-user" : "email")
            : List.copyOf(principalKinds);
    maxOutstandingCreations = maxOutstandingCreations == null ? 10 : maxOutstandingCreations;
    listLagChecks = listLagChecks == null ? 3 : listLagChecks;
  }

  @Override
  public List<Problem> validate() {
    List<Problem> out = new ArrayList<>(connection.validate("connection.", true));
    if (instanceArn == null || !INSTANCE.matcher(instanceArn).matches()) {
      out.add(new Problem("instanceArn", "is required: arn:aws:sso:::instance/ssoins-…"));
    }
    if (identityStoreId == null || !STORE.matcher(identityStoreId).matches()) {
      out.add(new Problem("identityStoreId", "is required: the instance's identity store, d-…"));
    }
    if (permissionSets.isEmpty()) {
      out.add(new Problem("permissionSets", "must name at least one jit-only permission set"));
    }
    Set<String> arns = new HashSet<>();
    String instanceId =
        instanceArn == null ? "" : instanceArn.substring(instanceArn.indexOf('/') + 1);
    new TreeMap<>(permissionSets)
        .forEach(
            (name, arn) -> {
              String key = "permissionSets." + name;
              if (!NAME.matcher(name).matches()) {
                out.add(new Problem(key, "the name must match [\\w+=,.@-]{1,32}"));
              } else if (arn == null || !PS_ARN.matcher(arn).matches()) {
                out.add(new Problem(key, "is not a permission set ARN"));
              } else if (!arn.contains("/" + instanceId + "/")) {
                out.add(new Problem(key, "belongs to another instance than instanceArn"));
              } else if (!arns.add(arn)) {
                out.add(new Problem(key, "names a permission set listed under another name too"));
              }
            });
    if (accounts.isEmpty()) {
      out.add(new Problem("accounts", "must list at least one account id"));
    }
    for (int i = 0; i < accounts.size(); i++) {
      if (accounts.get(i) == null || !ACCOUNT.matcher(accounts.get(i)).matches()) {
        out.add(new Problem("accounts[" + i + "]", "is not a 12-digit account id"));
      }
    }
    if (!userAttribute.equals("email") && !userAttribute.equals("userName")) {
      out.add(new Problem("userAttribute", "must be email or userName"));
    }
    if (principalKinds.isEmpty()) {
      out.add(new Problem("principalKinds", "must not be empty"));
    }
    if (maxOutstandingCreations < 1 || maxOutstandingCreations > 15) {
      out.add(new Problem("maxOutstandingCreations", "must be 1 to 15 (the service allows 15)"));
    }
    if (maxSessionDuration != null && maxSessionDuration.compareTo(Duration.ofHours(1)) < 0) {
      out.add(new Problem("maxSessionDuration", "must be at least 1h (the service's minimum)"));
    }
    if (listLagChecks < 0 || listLagChecks > 20) {
      out.add(new Problem("listLagChecks", "must be 0 to 20"));
    }
    return List.copyOf(out);
  }

  /** Target keys {@code accountId} and {@code permissionSet}, in the managed scope only. */
  StepRules stepRules() {
    return StepRules.builder()
        .require(AwsSsoBackend.ACCOUNT_ID, AwsSsoBackend.PERMISSION_SET)
        .principalKinds(principalKinds.toArray(String[]::new))
        .value(
            AwsSsoBackend.ACCOUNT_ID,
            v -> ACCOUNT.matcher(v).matches(),
            "is not a 12-digit AWS account id")
        .scope(AwsSsoBackend.ACCOUNT_ID, Set.copyOf(accounts), "account")
        .scope(AwsSsoBackend.PERMISSION_SET, permissionSets.keySet(), "permission set")
        .build();
  }
}
