package dev.jit.aws;

import dev.jit.spi.Problem;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * How one AWS backend instance reaches AWS ({@code connection:} of an {@code aws-sso} or {@code
 * aws-iam-policy} instance): region, credentials, optional endpoints and the client-side rate
 * limit. Credentials are the SDK's default provider chain unless {@code accessKeyIdEnv} and {@code
 * secretAccessKeyEnv} name environment variables holding static keys; with {@code roleArn} those
 * credentials only assume that role through STS, and the role's credentials make every call.
 * Configuration names variables, never key values.
 *
 * @param region the region of the IAM Identity Center instance; {@code aws-global} for IAM
 * @param accessKeyIdEnv environment variable with a static access key id (optional)
 * @param secretAccessKeyEnv environment variable with its secret (with {@code accessKeyIdEnv})
 * @param sessionTokenEnv environment variable with a session token (optional)
 * @param roleArn a role to assume for every call (optional)
 * @param roleSessionName the assumed role's session name; default {@code jit-<instance name>}
 * @param externalIdEnv environment variable with the role's external id (optional)
 * @param endpoints endpoint per service ({@code sso}, {@code identitystore}, {@code iam}, {@code
 *     sts}), for local fakes or private endpoints; default the public ones
 * @param callsPerSecond calls per second this instance makes at most, all APIs together; default 20
 * @param permitWait how long a call waits for the rate limit before failing retryably; default 1s
 * @param callTimeout how long one call may take; default 15s
 */
public record AwsConnection(
    String region,
    String accessKeyIdEnv,
    String secretAccessKeyEnv,
    String sessionTokenEnv,
    String roleArn,
    String roleSessionName,
    String externalIdEnv,
    Map<String, String> endpoints,
    Integer callsPerSecond,
    Duration permitWait,
    Duration callTimeout) {

  static final Set<String> SERVICES = Set.of("sso", "identitystore", "iam", "sts");
  private static final Pattern REGION = Pattern.compile("aws-global|[a-z]{2}(-[a-z]+)+-\\d");
  private static final Pattern ROLE =
      Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");
  private static final Pattern ENV = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
  private static final Pattern SESSION = Pattern.compile("[\\w+=,.@-]{2,64}");

  public AwsConnection {
    endpoints = endpoints == null ? Map.of() : Map.copyOf(new TreeMap<>(endpoints));
    callsPerSecond = callsPerSecond == null ? 20 : callsPerSecond;
    permitWait = permitWait == null ? Duration.ofSeconds(1) : permitWait;
    callTimeout = callTimeout == null ? Duration.ofSeconds(15) : callTimeout;
  }

  /** A connection in {@code region} with the default credential chain and settings. */
  public static AwsConnection of(String region) {
    return new AwsConnection(region, null, null, null, null, null, null, null, null, null, null);
  }

  /** Problems, keyed under {@code prefix} (e.g. {@code connection.}). */
  List<Problem> validate(String prefix, boolean regionRequired) {
    List<Problem> out = new ArrayList<>();
    if (region == null) {
      if (regionRequired) {
        out.add(new Problem(prefix + "region", "is required (the region of the instance)"));
      }
    } else if (!REGION.matcher(region).matches()) {
      out.add(new Problem(prefix + "region", "'" + region + "' is not an AWS region"));
    }
    if ((accessKeyIdEnv == null) != (secretAccessKeyEnv == null)) {
      out.add(
          new Problem(
              prefix + (accessKeyIdEnv == null ? "accessKeyIdEnv" : "secretAccessKeyEnv"),
              "is required with "
                  + (accessKeyIdEnv == null ? "secretAccessKeyEnv" : "accessKeyIdEnv")));
    }
    env(out, prefix + "accessKeyIdEnv", accessKeyIdEnv);
    env(out, prefix + "secretAccessKeyEnv", secretAccessKeyEnv);
    env(out, prefix + "sessionTokenEnv", sessionTokenEnv);
    env(out, prefix + "externalIdEnv", externalIdEnv);
    if (roleArn != null && !ROLE.matcher(roleArn).matches()) {
      out.add(new Problem(prefix + "roleArn", "is not an IAM role ARN"));
    }
    if (roleSessionName != null && !SESSION.matcher(roleSessionName).matches()) {
      out.add(new Problem(prefix + "roleSessionName", "must match [\\w+=,.@-]{2,64}"));
    }
    endpoints.forEach(
        (service, uri) -> {
          if (!SERVICES.contains(service)) {
            out.add(
                new Problem(
                    prefix + "endpoints." + service,
                    "is not a service (one of " + new java.util.TreeSet<>(SERVICES) + ")"));
          } else if (!uri.startsWith("https://") && !uri.startsWith("http://")) {
            out.add(new Problem(prefix + "endpoints." + service, "must be an http(s) URL"));
          } else {
            try {
              URI.create(uri);
            } catch (IllegalArgumentException e) {
              out.add(new Problem(prefix + "endpoints." + service, "is not a URL"));
            }
          }
        });
    if (callsPerSecond < 1 || callsPerSecond > 1000) {
      out.add(new Problem(prefix + "callsPerSecond", "must be 1 to 1000"));
    }
    if (permitWait.isNegative() || permitWait.compareTo(Duration.ofSeconds(30)) > 0) {
      out.add(new Problem(prefix + "permitWait", "must be 0 to 30s"));
    }
    if (callTimeout.compareTo(Duration.ofSeconds(1)) < 0
        || callTimeout.compareTo(Duration.ofMinutes(2)) > 0) {
      out.add(new Problem(prefix + "callTimeout", "must be 1s to 2m"));
    }
    return out;
  }

  dev.jit.aws.internal.AwsClients.Settings clientSettings(String instance, String defaultRegion) {
    return new dev.jit.aws.internal.AwsClients.Settings(
        instance,
        region == null ? defaultRegion : region,
        java.util.Optional.ofNullable(accessKeyIdEnv),
        java.util.Optional.ofNullable(secretAccessKeyEnv),
        java.util.Optional.ofNullable(sessionTokenEnv),
        java.util.Optional.ofNullable(roleArn),
        java.util.Optional.ofNullable(roleSessionName),
        java.util.Optional.ofNullable(externalIdEnv),
        endpoints,
        callTimeout);
  }

  private static void env(List<Problem> out, String key, String value) {
    if (value != null && !ENV.matcher(value).matches()) {
      out.add(new Problem(key, "must name an environment variable, not hold a value"));
    }
  }
}
