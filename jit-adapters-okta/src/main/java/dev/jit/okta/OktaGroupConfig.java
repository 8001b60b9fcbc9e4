package dev.jit.okta;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.jit.spi.BackendConfig;
import dev.jit.spi.Ids;
import dev.jit.spi.Problem;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The configuration of one {@code okta-group} backend instance: the org, the API service app jit
 * signs in as, and the groups it manages. Absent keys take the defaults below. Secrets are never
 * written here: the private key is read from a file or a named environment variable.
 *
 * @param orgUrl the org, e.g. {@code https://example.okta.com}; https only (http only for 127.0.0.1
 *     or localhost, for tests)
 * @param clientId the API service app's client id
 * @param privateKeyFile a file holding the client-assertion private key (PKCS#8 PEM or private
 *     JWK); or
 * @param privateKeyEnv the environment variable holding it
 * @param keyId the key id ({@code kid}) registered with the public key; empty to send none
 * @param algorithm {@code RS256} (default) or {@code ES256}
 * @param groups the groups this backend manages, by id (optionally with a name): the allow-list
 * @param dpop send DPoP proofs (default true, as new Okta service apps require)
 * @param maxConcurrentCalls calls to Okta in flight at most (default 4)
 * @param rateLimitReservePercent hold calls back while fewer than this share of the rate limit is
 *     left, until the window resets (default 20)
 * @param sswsTokenEnv less safe fallback instead of the service app: the environment variable
 *     holding an SSWS API token (an admin's full rights, no scopes); empty (default) for none
 * @param clearSessionsOnRevoke end the user's Okta sessions after removing a membership (default
 *     false; needs scope okta.users.manage)
 * @param connectTimeout default 5 s
 * @param requestTimeout default 15 s
 * @param tokenRefreshBefore fetch a new access token this long before the old one expires (default
 *     2 min)
 */
public record OktaGroupConfig(
    String orgUrl,
    String clientId,
    String privateKeyFile,
    String privateKeyEnv,
    String keyId,
    String algorithm,
    List<ManagedGroup> groups,
    Boolean dpop,
    Integer maxConcurrentCalls,
    Integer rateLimitReservePercent,
    String sswsTokenEnv,
    Boolean clearSessionsOnRevoke,
    Duration connectTimeout,
    Duration requestTimeout,
    Duration tokenRefreshBefore)
    implements BackendConfig {

  /** The scopes jit asks for: add and remove members, look users up. Nothing else. */
  public static final List<String> SCOPES = List.of("okta.groups.manage", "okta.users.read");

  /** The extra scope {@link #clearSessionsOnRevoke} needs. */
  public static final String SESSIONS_SCOPE = "okta.users.manage";

  private static final Pattern ENV_NAME = Pattern.compile("[A-Z_][A-Z0-9_]{0,127}");
  private static final Pattern GROUP_ID = Pattern.compile("[A-Za-z0-9]{1,64}");
  private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

  /**
   * One managed group: {@code 00g1abc} or {@code {id: 00g1abc, name: jit-payments}}.
   *
   * @param name for people reading the configuration; jit uses the id
   */
  public record ManagedGroup(String id, String name) {
    public ManagedGroup {
      name = Objects.requireNonNullElse(name, "");
    }

    @JsonCreator
    public static ManagedGroup of(String id) {
      return new ManagedGroup(id, "");
    }
  }

  public OktaGroupConfig {
    orgUrl = Objects.requireNonNullElse(orgUrl, "");
    while (orgUrl.endsWith("/")) {
      orgUrl = orgUrl.substring(0, orgUrl.length() - 1);
    }
    clientId = Objects.requireNonNullElse(clientId, "");
    privateKeyFile = Objects.requireNonNullElse(privateKeyFile, "");
    privateKeyEnv = Objects.requireNonNullElse(privateKeyEnv, "");
    keyId = Objects.requireNonNullElse(keyId, "");
    algorithm = Objects.requireNonNullElse(algorithm, "RS256");
    groups = groups == null ? List.of() : List.copyOf(groups);
    dpop = Objects.requireNonNullElse(dpop, true);
    maxConcurrentCalls = Objects.requireNonNullElse(maxConcurrentCalls, 4);
    rateLimitReservePercent = Objects.requireNonNullElse(rateLimitReservePercent, 20);
    sswsTokenEnv = Objects.requireNonNullElse(sswsTokenEnv, "");
    clearSessionsOnRevoke = Objects.requireNonNullElse(clearSessionsOnRevoke, false);
    connectTimeout = Objects.requireNonNullElse(connectTimeout, Duration.ofSeconds(5));
    requestTimeout = Objects.requireNonNullElse(requestTimeout, Duration.ofSeconds(15));
    tokenRefreshBefore = Objects.requireNonNullElse(tokenRefreshBefore, Duration.ofMinutes(2));
  }

  /** The ids of the managed groups. */
  public Set<String> groupIds() {
    Set<String> ids = new LinkedHashSet<>();
    groups.forEach(g -> ids.add(g == null ? null : g.id()));
    return ids;
  }

  /** Whether the less safe SSWS token is used instead of the OAuth service app. */
  public boolean usesSsws() {
    return !sswsTokenEnv.isEmpty();
  }

  /** The scopes requested: {@link #SCOPES}, plus okta.users.manage to clear sessions. */
  public List<String> scopes() {
    List<String> s = new ArrayList<>(SCOPES);
    if (clearSessionsOnRevoke) {
      s.add(SESSIONS_SCOPE);
    }
    return List.copyOf(s);
  }

  @Override
  public List<Problem> validate() {
    List<Problem> out = new ArrayList<>();
    checkOrgUrl(out);
    if (usesSsws()) {
      if (!ENV_NAME.matcher(sswsTokenEnv).matches()) {
        out.add(new Problem("sswsTokenEnv", "expected the name of an environment variable"));
      }
      if (!clientId.isEmpty() || !privateKeyFile.isEmpty() || !privateKeyEnv.isEmpty()) {
        out.add(
            new Problem(
                "sswsTokenEnv",
                "set either the service app (clientId and a private key, recommended) or"
                    + " sswsTokenEnv, not both"));
      }
    } else {
      if (!CLIENT_ID.matcher(clientId).matches()) {
        out.add(new Problem("clientId", "expected the client id of the Okta API service app"));
      }
      if (privateKeyFile.isEmpty() == privateKeyEnv.isEmpty()) {
        out.add(
            new Problem(
                "privateKeyFile",
                "set exactly one of privateKeyFile and privateKeyEnv (the client-assertion key)"));
      }
      if (!privateKeyEnv.isEmpty() && !ENV_NAME.matcher(privateKeyEnv).matches()) {
        out.add(
            new Problem(
                "privateKeyEnv",
                "expected the name of an environment variable (secrets are never written in the"
                    + " file)"));
      }
      if (!algorithm.equals("RS256") && !algorithm.equals("ES256")) {
        out.add(new Problem("algorithm", "expected RS256 or ES256"));
      }
      if (!keyId.isEmpty() && !CLIENT_ID.matcher(keyId).matches()) {
        out.add(new Problem("keyId", "expected the key id shown with the app's public key"));
      }
    }
    checkGroups(out);
    if (maxConcurrentCalls < 1 || maxConcurrentCalls > 75) {
      out.add(new Problem("maxConcurrentCalls", "must be between 1 and 75"));
    }
    if (rateLimitReservePercent < 0 || rateLimitReservePercent > 90) {
      out.add(new Problem("rateLimitReservePercent", "must be between 0 and 90"));
    }
    positive(out, "connectTimeout", connectTimeout);
    positive(out, "requestTimeout", requestTimeout);
    if (tokenRefreshBefore.isNegative()
        || tokenRefreshBefore.compareTo(Duration.ofMinutes(30)) > 0) {
      out.add(new Problem("tokenRefreshBefore", "must be between 0 and 30m"));
    }
    return List.copyOf(out);
  }

  private void checkOrgUrl(List<Problem> out) {
    URI uri;
    try {
      uri = URI.create(orgUrl);
    } catch (IllegalArgumentException e) {
      out.add(new Problem("orgUrl", "is not a URL"));
      return;
    }
    String host = uri.getHost();
    boolean loopback = "127.0.0.1".equals(host) || "localhost".equals(host);
    if (host == null
        || !("https".equals(uri.getScheme()) || ("http".equals(uri.getScheme()) && loopback))) {
      out.add(
          new Problem(
              "orgUrl",
              "expected https://<your org>.okta.com (http only for 127.0.0.1 or localhost)"));
    } else if (!uri.getRawPath().isEmpty()
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null
        || uri.getRawUserInfo() != null) {
      out.add(new Problem("orgUrl", "expected the org's root URL, without path, query or user"));
    }
  }

  private void checkGroups(List<Problem> out) {
    if (groups.isEmpty()) {
      out.add(new Problem("groups", "expected a non-empty list of the group ids jit manages"));
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < groups.size(); i++) {
      ManagedGroup g = groups.get(i);
      String id = g == null ? null : g.id();
      if (id == null || !GROUP_ID.matcher(id).matches()) {
        out.add(
            new Problem(
                "groups[" + i + "]",
                "'"
                    + Ids.printable(String.valueOf(id))
                    + "' is not an Okta group id (letters and digits, like 00g1emaKYZTWRYYRRTSK)"));
      } else if (!seen.add(id)) {
        out.add(new Problem("groups[" + i + "]", "'" + id + "' is listed twice"));
      }
    }
  }

  private static void positive(List<Problem> out, String key, Duration d) {
    if (d.isNegative() || d.isZero()) {
      out.add(new Problem(key, "must be positive"));
    }
  }
}
