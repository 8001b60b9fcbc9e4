package dev.jit.jdbc;

import dev.jit.spi.BackendConfig;
import dev.jit.spi.Ids;
import dev.jit.spi.Problem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The configuration of one {@code database-role} backend instance: the database it grants roles on,
 * where its credentials are, and the roles it may grant. Absent keys take the defaults below.
 *
 * @param url the target database's JDBC URL ({@code jdbc:postgresql:}, {@code jdbc:mariadb:},
 *     {@code jdbc:h2:}); empty (the default) means jit's own database
 * @param usernameEnv the environment variable holding the granter's user name; empty for none
 * @param passwordEnv the environment variable holding its password; empty for none
 * @param roles the roles this backend may grant: the allow-list, at least one
 * @param endSessionsOnRevoke end the user's open sessions when a role is revoked (default false)
 * @param validUntil PostgreSQL only: set the login's VALID UNTIL to the grant's expiry (default
 *     false)
 * @param host MariaDB only: the host part of accounts (default {@code %})
 * @param maximumPoolSize connections to the target database (default 2)
 * @param connectTimeout how long the driver waits to connect to the target (default 10s)
 * @param socketTimeout how long the driver waits for the target to answer at all (default 60s)
 * @param statementTimeout the longest a statement may run on the target (default 30s)
 * @param lockTimeout the longest a statement may wait for a lock on the target (default 10s); see
 *     {@link JdbcTimeouts}
 */
public record DatabaseRoleConfig(
    String url,
    String usernameEnv,
    String passwordEnv,
    List<String> roles,
    Boolean endSessionsOnRevoke,
    Boolean validUntil,
    String host,
    Integer maximumPoolSize,
    Duration connectTimeout,
    Duration socketTimeout,
    Duration statementTimeout,
    Duration lockTimeout)
    implements BackendConfig {

  private static final Pattern ENV_NAME = Pattern.compile("[A-Z_][A-Z0-9_]{0,127}");
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.%_-]{1,60}");

  public DatabaseRoleConfig {
    url = Objects.requireNonNullElse(url, "");
    usernameEnv = Objects.requireNonNullElse(usernameEnv, "");
    passwordEnv = Objects.requireNonNullElse(passwordEnv, "");
    roles = roles == null ? List.of() : List.copyOf(roles);
    endSessionsOnRevoke = Objects.requireNonNullElse(endSessionsOnRevoke, false);
    validUntil = Objects.requireNonNullElse(validUntil, false);
    host = Objects.requireNonNullElse(host, "%");
    maximumPoolSize = Objects.requireNonNullElse(maximumPoolSize, 2);
    JdbcTimeouts d = JdbcTimeouts.defaults();
    connectTimeout = Objects.requireNonNullElse(connectTimeout, d.connect());
    socketTimeout = Objects.requireNonNullElse(socketTimeout, d.socket());
    statementTimeout = Objects.requireNonNullElse(statementTimeout, d.statement());
    lockTimeout = Objects.requireNonNullElse(lockTimeout, d.lock());
  }

  /** The bounds on every connection to the target database. */
  public JdbcTimeouts timeouts() {
    return new JdbcTimeouts(connectTimeout, socketTimeout, statementTimeout, lockTimeout);
  }

  /** Whether this backend grants on jit's own database (the embedded H2 demo does). */
  public boolean usesJitDatabase() {
    return url.isEmpty();
  }

  @Override
  public List<Problem> validate() {
    List<Problem> out = new ArrayList<>();
    if (!url.isEmpty() && !url.startsWith("jdbc:")) {
      out.add(new Problem("url", "expected a JDBC URL (jdbc:…), or no url for jit's own database"));
    }
    for (String[] env :
        new String[][] {{"usernameEnv", usernameEnv}, {"passwordEnv", passwordEnv}}) {
      if (!env[1].isEmpty() && !ENV_NAME.matcher(env[1]).matches()) {
        out.add(
            new Problem(
                env[0],
                "expected the name of an environment variable (secrets are never written in the"
                    + " file)"));
      }
    }
    if (roles.isEmpty()) {
      out.add(
          new Problem("roles", "expected a non-empty list of the roles this backend may grant"));
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < roles.size(); i++) {
      String role = roles.get(i);
      if (role == null || !IDENTIFIER.matcher(role).matches()) {
        out.add(
            new Problem(
                "roles[" + i + "]",
                "'"
                    + Ids.printable(String.valueOf(role))
                    + "' is not a valid role name: use lower-case letters, digits and _ only, at"
                    + " most 63, starting with a letter or _"));
      } else if (!seen.add(role)) {
        out.add(new Problem("roles[" + i + "]", "'" + role + "' is listed twice"));
      }
    }
    if (!HOST.matcher(host).matches()) {
      out.add(new Problem("host", "'" + Ids.printable(host) + "' is not a valid host pattern"));
    }
    if (maximumPoolSize < 1 || maximumPoolSize > 50) {
      out.add(new Problem("maximumPoolSize", "must be between 1 and 50"));
    }
    out.addAll(timeouts().problems());
    return List.copyOf(out);
  }
}
