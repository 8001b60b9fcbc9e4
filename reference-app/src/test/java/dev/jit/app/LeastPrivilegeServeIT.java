package dev.jit.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jit.app.cli.ExitCodes;
import dev.jit.app.config.AppConfig;
import dev.jit.app.config.ConfigLoader;
import dev.jit.core.memory.InMemoryDirectory;
import dev.jit.jdbc.Dialect;
import dev.jit.slack.testkit.FakeSlack;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import dev.jit.spi.UserId;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

/**
 * The least-privilege setup of docs/getting-started.md, on real PostgreSQL and MariaDB: an owner
 * login runs {@code jit db migrate} and the shipped grants script; {@code serve} runs as an
 * application login with exactly those grants, and a whole flow works; that login cannot rewrite
 * the audit trail, switch off its triggers or change the schema; and {@code serve} refuses a
 * database that is not migrated.
 */
class LeastPrivilegeServeIT {
  static final UserId REQUESTER = new UserId("U0LPREQ");
  static final UserId OWNER_1 = new UserId("U0LPOWN1");
  static final UserId OWNER_2 = new UserId("U0LPOWN2");

  /**
   * Tables {@code serve} does not use, so the application login gets nothing on them, and why. A
   * table a migration adds must be granted in the scripts or listed here.
   */
  static final Map<String, String> NOT_FOR_THE_APP =
      Map.of(
          "jit_audit_truncate_guard",
          "always empty; its foreign key onto jit_audit makes TRUNCATE fail (MariaDB)");

  @TempDir Path dir;
  ScratchDatabase db;
  String role;
  String user;

  @AfterEach
  void drop() {
    if (db != null) {
      if (role != null) {
        db.admin(
            db.dialect == Dialect.POSTGRESQL
                ? "DROP ROLE IF EXISTS " + user
                : "DROP USER IF EXISTS '" + user + "'@'%'",
            "DROP ROLE IF EXISTS " + role);
      }
      db.close();
    }
  }

  @OnEachServer
  @DisplayName(
      "after db migrate as the owner and the grants script, serve as the application login runs"
          + " request, two approvals, grant, expiry, a second grant and its revocation, sweeps,"
          + " reconciliation, /healthz and /metrics; audit verify as that login finds the chain"
          + " intact")
  void serveWithTheShippedGrants(Dialect dialect) throws Exception {
    db = ScratchDatabase.create(dialect);
    migrateAndGrant();
    createTargetRole();

    try (RunningApp app =
        RunningApp.start(config(), new Env(db.appEnv()), dir.resolve("unused"), directory())) {
      RequestId expiring =
          app.grant(REQUESTER, "payments", "read", Duration.ofSeconds(3), OWNER_1, OWNER_2);
      assertThat(holdsRole()).as("granted").isTrue();
      app.awaitStatus(expiring, RequestStatus.EXPIRED);
      assertThat(holdsRole()).as("expired").isFalse();

      RequestId revoked =
          app.grant(REQUESTER, "payments", "read", Duration.ofHours(1), OWNER_1, OWNER_2);
      assertThat(holdsRole()).isTrue();
      app.revoke(revoked, REQUESTER);
      assertThat(holdsRole()).as("revoked").isFalse();

      app.engine().sweep();
      assertThat(app.engine().reconcile().clean()).isTrue();
      app.runtime.refreshMetrics();
      assertThat(get(app, "/healthz").statusCode()).isEqualTo(200);
      assertThat(get(app, "/metrics").body()).contains("jit_requests");
    }

    Cli.Run verify = Cli.run(db.appEnv(), "audit", "verify");
    assertThat(verify.exitCode()).as(verify.err()).isZero();
    assertThat(verify.out()).contains("audit chain intact");
  }

  @OnEachServer
  @DisplayName(
      "as the application login with the shipped grants: no UPDATE or DELETE of audit rows, no"
          + " switching off or dropping the append-only triggers, no schema change, no migration,"
          + " and it owns no table")
  void theApplicationLoginCannotRewriteHistory(Dialect dialect) throws Exception {
    db = ScratchDatabase.create(dialect);
    migrateAndGrant();
    List<String> refused =
        List.of(
            "UPDATE jit_audit SET actor = 'mallory'",
            "DELETE FROM jit_audit",
            "TRUNCATE TABLE jit_audit",
            "DROP TABLE jit_audit",
            "CREATE TABLE jit_probe (id INT)",
            "ALTER TABLE jit_request ADD COLUMN probe INT",
            "DELETE FROM flyway_schema_history",
            "UPDATE flyway_schema_history SET success = "
                + (dialect == Dialect.POSTGRESQL ? "FALSE" : "0"));
    List<String> triggers =
        dialect == Dialect.POSTGRESQL
            ? List.of(
                "ALTER TABLE jit_audit DISABLE TRIGGER ALL",
                "ALTER TABLE jit_audit DISABLE TRIGGER jit_audit_no_update_or_delete",
                "DROP TRIGGER jit_audit_no_update_or_delete ON jit_audit",
                "DROP TRIGGER jit_audit_no_truncate ON jit_audit",
                "DROP FUNCTION jit_audit_is_append_only() CASCADE",
                "SET session_replication_role = replica")
            : List.of(
                "DROP TRIGGER jit_audit_no_update",
                "DROP TRIGGER jit_audit_no_delete",
                "CREATE TRIGGER jit_probe BEFORE INSERT ON jit_audit FOR EACH ROW SET @x = 1");
    try (Connection c = db.asApp();
        Statement s = c.createStatement()) {
      for (String sql : concat(refused, triggers)) {
        assertThatThrownBy(() -> s.execute(sql)).as(sql).isInstanceOf(SQLException.class);
      }
    }
    assertThat(ownedByTheApp()).isEmpty();
    try (Connection owner = db.connect(db.owner, db.ownerPassword);
        Statement s = owner.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM jit_audit")) {
      rs.next();
      assertThat(rs.getLong(1)).as("nothing was rewritten").isZero();
    }
  }

  @OnEachServer
  @DisplayName(
      "every table the migrations create is granted to the application login by the script, or"
          + " listed as one serve does not use; every sequence is granted")
  void theGrantsCoverEveryTable(Dialect dialect) throws Exception {
    db = ScratchDatabase.create(dialect);
    migrateAndGrant();
    TreeSet<String> tables = new TreeSet<>();
    TreeSet<String> readable = new TreeSet<>();
    try (Connection owner = db.connect(db.owner, db.ownerPassword)) {
      for (String table : names(owner, tablesQuery())) {
        tables.add(table);
        if (appCanSelect(table)) {
          readable.add(table);
        }
      }
      if (dialect == Dialect.POSTGRESQL) {
        for (String sequence :
            names(
                owner,
                "SELECT sequence_name FROM information_schema.sequences WHERE sequence_schema ="
                    + " 'public'")) {
          assertThat(db.grantsScript())
              .as("a sequence the application inserts through needs USAGE")
              .anyMatch(g -> g.contains("ON SEQUENCE " + sequence + " "));
        }
      }
    }
    TreeSet<String> expected = new TreeSet<>(tables);
    expected.removeAll(NOT_FOR_THE_APP.keySet());
    assertThat(readable)
        .as(
            "tables the application login can read after the grants script (all but NOT_FOR_THE_APP)")
        .isEqualTo(expected);
    assertThat(tables).contains("jit_request", "jit_audit", "flyway_schema_history");
  }

  @OnEachServer
  @DisplayName(
      "serve refuses, with exit 3 and what to do, a database nobody migrated (and migrates"
          + " nothing, even run as the owner); and one migrated but not granted to its login")
  void serveRefusesAnUnmigratedDatabase(Dialect dialect) throws Exception {
    db = ScratchDatabase.create(dialect);
    Path config = Files.writeString(dir.resolve("jit.yaml"), configYaml());
    try (FakeSlack slack = FakeSlack.start()) {
      Map<String, String> env = new HashMap<>(db.appEnv());
      env.put("SLACK_BOT_TOKEN", FakeSlack.DEFAULT_TOKEN);
      env.put("SLACK_SIGNING_SECRET", "test-secret");
      env.put("JIT_SLACK_API_URL", slack.apiUrl());
      env.put("JIT_DB_USER", db.owner);
      env.put("JIT_DB_PASSWORD", db.ownerPassword);

      Cli.Run unmigrated = Cli.run(env, "serve", "--config", config.toString());

      assertThat(unmigrated.exitCode()).as(unmigrated.err()).isEqualTo(ExitCodes.SCHEMA);
      assertThat(unmigrated.err()).contains("has no jit schema").contains("jit db migrate");
      try (Connection owner = db.connect(db.owner, db.ownerPassword)) {
        assertThat(names(owner, tablesQuery())).as("serve created nothing").isEmpty();
      }

      assertThat(Cli.run(db.ownerEnv(), "db", "migrate").exitCode()).isZero();
      env.putAll(db.appEnv());
      Cli.Run ungranted = Cli.run(env, "serve", "--config", config.toString());

      if (dialect == Dialect.POSTGRESQL) {
        assertThat(ungranted.exitCode()).as(ungranted.err()).isEqualTo(ExitCodes.SCHEMA);
        assertThat(ungranted.err()).contains("flyway_schema_history").contains("grants script");
      } else {
        // MariaDB refuses, at connect, a login with no privilege in the database (1044)
        assertThat(ungranted.exitCode()).as(ungranted.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(ungranted.err()).contains("cannot connect to the database from JIT_DB_URL");
      }
    }
  }

  private void migrateAndGrant() throws SQLException {
    Cli.Run migrate = Cli.run(db.ownerEnv(), "db", "migrate");
    assertThat(migrate.exitCode()).as(migrate.err()).isZero();
    assertThat(migrate.out()).contains("is at schema version");
    db.runGrantsScript();
  }

  /** The role a step grants and the requester's login, on the same server, made by its admin. */
  private void createTargetRole() {
    String suffix = db.name.substring("dbops_".length());
    role = "dbops_r_" + suffix;
    user = "dbops_u_" + suffix;
    db.admin(
        "CREATE ROLE " + role,
        db.dialect == Dialect.POSTGRESQL
            ? "CREATE ROLE " + user + " LOGIN"
            : "CREATE USER '" + user + "'@'%' IDENTIFIED BY 'x'");
  }

  private InMemoryDirectory directory() {
    return new InMemoryDirectory()
        .user(REQUESTER, Map.of("db-user", user))
        .user(OWNER_1, Map.of())
        .user(OWNER_2, Map.of());
  }

  private AppConfig config() {
    return ConfigLoader.parse(configYaml(), "least-privilege.yaml");
  }

  /** A database-role backend on the same server as the granter (its admin), not as jit's login. */
  private String configYaml() {
    return """
        settings:
          engine: { grantLease: 1m, expiryWarning: 1s }
          sweepInterval: 1s
          scheduler: { pollingInterval: 200ms }
          backends:
            - name: target
              kind: database-role
              url: "%s"
              roles: [%s]
        policy:
          resources:
            payments:
              owners: { users: [U0LPOWN1, U0LPOWN2] }
              requiredApprovals: 2
              approvalTimeout: 30m
              maxDuration: 2h
              requesters: { users: [U0LPREQ] }
              roles:
                read:
                  steps:
                    - { backend: target, principal: db-user, target: { role: %s } }
        """
        .formatted(ScratchDatabase.adminUrl(db.dialect), roleOrPlaceholder(), roleOrPlaceholder());
  }

  private String roleOrPlaceholder() {
    return role == null ? "dbops_unused" : role;
  }

  private boolean holdsRole() throws SQLException {
    String sql =
        db.dialect == Dialect.POSTGRESQL
            ? "SELECT COUNT(*) FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid"
                + " JOIN pg_roles u ON u.oid = m.member WHERE r.rolname = '"
                + role
                + "' AND u.rolname = '"
                + user
                + "'"
            : "SELECT COUNT(*) FROM mysql.roles_mapping WHERE Role = '"
                + role
                + "' AND User = '"
                + user
                + "'";
    try (Connection c = DriverManager.getConnection(ScratchDatabase.adminUrl(db.dialect));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1) > 0;
    }
  }

  private String tablesQuery() {
    return db.dialect == Dialect.POSTGRESQL
        ? "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        : "SELECT table_name FROM information_schema.tables WHERE table_schema = '" + db.name + "'";
  }

  private boolean appCanSelect(String table) throws SQLException {
    try (Connection c = db.asApp();
        Statement s = c.createStatement()) {
      s.executeQuery("SELECT COUNT(*) FROM " + table).close();
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  private List<String> ownedByTheApp() throws SQLException {
    if (db.dialect != Dialect.POSTGRESQL) {
      return List.of(); // MariaDB has no table owners: its privileges are the whole story
    }
    try (Connection c = db.connect(db.owner, db.ownerPassword)) {
      return names(
          c,
          "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tableowner = '"
              + db.app
              + "'");
    }
  }

  private static List<String> names(Connection c, String sql) throws SQLException {
    List<String> out = new java.util.ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1).toLowerCase(java.util.Locale.ROOT));
      }
    }
    return out;
  }

  private static HttpResponse<String> get(RunningApp app, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + app.runtime.http().port() + path))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new java.util.ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
