package dev.jit.aws.testkit;

import dev.jit.http.testkit.FakeResponse;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * STS over the Query protocol: GetCallerIdentity and AssumeRole (issuing keys the fake accepts).
 */
final class Sts {
  static final String NS = "https://sts.amazonaws.com/doc/2011-06-15/";
  private static final Pattern ISSUED = Pattern.compile("<AccessKeyId>([A-Z0-9]+)</AccessKeyId>");

  private Sts() {}

  static FakeResponse handle(String action, Function<String, String> param) {
    switch (action) {
      case "GetCallerIdentity":
        return AwsWire.xml(
            action,
            NS,
            AwsWire.tag("Arn", "arn:aws:iam::" + FakeAws.ACCOUNT + ":user/jit")
                + AwsWire.tag("UserId", "AIDAJITFAKEUSER000001")
                + AwsWire.tag("Account", FakeAws.ACCOUNT));
      case "AssumeRole":
        String role = Iam.required(param, "RoleArn");
        String session = Iam.required(param, "RoleSessionName");
        if (!session.matches("[\\w+=,.@-]{2,64}")) {
          throw new AwsError(400, "ValidationError", "RoleSessionName must be 2 to 64 characters");
        }
        String key =
            "ASIA" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase();
        return AwsWire.xml(
            action,
            NS,
            "<Credentials>"
                + AwsWire.tag("AccessKeyId", key)
                + AwsWire.tag("SecretAccessKey", "assumed-secret")
                + AwsWire.tag("SessionToken", "assumed-session-token")
                + AwsWire.tag("Expiration", Instant.now().plusSeconds(3600).toString())
                + "</Credentials><AssumedRoleUser>"
                + AwsWire.tag("AssumedRoleId", "AROAJITFAKE:" + session)
                + AwsWire.tag("Arn", role.replace(":role/", ":assumed-role/") + "/" + session)
                + "</AssumedRoleUser>");
      default:
        throw new AwsError(400, "InvalidAction", "unsupported action " + action);
    }
  }

  static Optional<String> issuedKey(FakeResponse response) {
    Matcher m = ISSUED.matcher(response.bodyText());
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }
}
