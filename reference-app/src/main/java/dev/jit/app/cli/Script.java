package dev.jit.app.cli;

import static dev.jit.app.cli.DemoCommand.DB_USER;
import static dev.jit.app.cli.DemoCommand.OWNER_1;
import static dev.jit.app.cli.DemoCommand.OWNER_2;
import static dev.jit.app.cli.DemoCommand.REQUESTER;
import static dev.jit.app.cli.DemoCommand.ROLE;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jit.app.runtime.AppRuntime;
import dev.jit.app.runtime.Database;
import dev.jit.core.audit.AuditVerifier;
import dev.jit.jdbc.JdbcAuditLog;
import dev.jit.slack.SlackIds;
import dev.jit.slack.testkit.FakeSlack;
import dev.jit.slack.testkit.SlackCall;
import dev.jit.slack.testkit.SlackClient;
import dev.jit.spi.AuditRecord;
import java.io.PrintWriter;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The demo's script: what Slack would send, sent over HTTP with a valid signature to the running
 * app, and what each Slack surface then shows, read back from the fake Slack.
 */
final class Script {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String RESOURCE = "demo-payments-db";

  private final PrintWriter out;
  private final FakeSlack slack;
  private final DemoClock clock;
  private final AppRuntime runtime;
  private final Database database;
  private final SlackClient client;

  Script(
      PrintWriter out,
      FakeSlack slack,
      DemoClock clock,
      AppRuntime runtime,
      Database database,
      URI endpoint) {
    this.out = out;
    this.slack = slack;
    this.clock = clock;
    this.runtime = runtime;
    this.database = database;
    this.client = new SlackClient(endpoint, DemoCommand.DEMO_SIGNING_SECRET, clock, slack);
  }

  /** Runs the whole flow; true when every step did what it should and the audit chain verifies. */
  boolean run() {
    step("alice types /jit " + RESOURCE);
    client.slashCommand("/jit", RESOURCE, REQUESTER, slack.dmChannel(REQUESTER));
    SlackCall opened = slack.awaitCall("views.open", WAIT);
    show("request modal", opened.body().path("view").path("blocks"));

    step("alice picks read-only for 1h, explains why, and submits");
    client.viewSubmission(
        REQUESTER,
        SlackIds.REQUEST_MODAL,
        "",
        Map.of(
            SlackIds.RESOURCE_BLOCK,
            Map.of(SlackIds.RESOURCE_SELECT, SlackClient.staticSelect(RESOURCE)),
            SlackIds.ROLE_BLOCK,
            Map.of(SlackIds.ROLE_SELECT, SlackClient.staticSelect("read-only")),
            SlackIds.DURATION_BLOCK,
            Map.of(SlackIds.DURATION_SELECT, SlackClient.staticSelect("PT1H")),
            SlackIds.JUSTIFICATION_BLOCK,
            Map.of(
                SlackIds.JUSTIFICATION_INPUT,
                SlackClient.plainTextInput(
                    "Refunds are failing for <some> customers & I need to read the ledger"))));
    FakeSlack.Message toOlivia = awaitMessage(slack.dmChannel(OWNER_1));
    awaitMessage(slack.dmChannel(OWNER_2));
    show("approval message (DM to olivia and oscar)", toOlivia.blocks());
    String requestId = toOlivia.buttonValue(SlackIds.APPROVE).orElseThrow();

    step("olivia approves");
    approve(OWNER_1, toOlivia);
    step("oscar approves");
    approve(OWNER_2, awaitMessage(slack.dmChannel(OWNER_2)));
    SlackCall granted = awaitDm(REQUESTER, "granted");
    show("DM to alice", granted.body().path("blocks"));
    boolean heldAfterGrant = holdsRole();
    out.println("  H2: " + DB_USER + (heldAfterGrant ? " holds " : " does NOT hold ") + ROLE);

    step("an hour passes (the demo clock jumps)");
    clock.jump(Duration.ofHours(1).plusSeconds(1));
    SlackCall expired = awaitDm(REQUESTER, "expired");
    show("DM to alice", expired.body().path("blocks"));
    boolean heldAfterExpiry = holdsRole();
    out.println(
        "  H2: " + DB_USER + (heldAfterExpiry ? " still holds " : " no longer holds ") + ROLE);
    show(
        "approval message now",
        slack.message(toOlivia.channel(), toOlivia.ts()).orElseThrow().blocks());

    step("audit trail of request " + requestId);
    JdbcAuditLog audit = new JdbcAuditLog(database.dataSource(), database.dialect());
    for (AuditRecord r : audit.read(1, 1000)) {
      out.printf(
          Locale.ROOT,
          "  #%-3d %-20s by %-12s → %-9s %s%n",
          r.sequence(),
          r.entry().action(),
          r.entry().actor(),
          r.entry().request().status(),
          r.hash().substring(0, 12) + "…");
    }
    AuditVerifier.Result verified = AuditVerifier.verify(audit);
    out.println("  " + verified);

    boolean ok = heldAfterGrant && !heldAfterExpiry && verified.intact();
    out.println();
    out.println(
        ok
            ? "[demo] done: granted on approval, revoked at expiry, audit chain verified."
            : "[demo] FAILED: see above.");
    return ok;
  }

  private void approve(String owner, FakeSlack.Message message) {
    client.blockAction(
        owner,
        SlackIds.APPROVE,
        SlackIds.DECISION_ACTIONS_BLOCK,
        message.buttonValue(SlackIds.APPROVE).orElseThrow(),
        Optional.of(new SlackClient.MessageContainer(message.channel(), message.ts())),
        Optional.empty());
  }

  private FakeSlack.Message awaitMessage(String channel) {
    slack.awaitCall("chat.postMessage", c -> channel.equals(c.param("channel").orElse("")), WAIT);
    return slack.messages(channel).get(0);
  }

  private SlackCall awaitDm(String user, String word) {
    String channel = slack.dmChannel(user);
    return slack.awaitCall(
        "chat.postMessage",
        c ->
            channel.equals(c.param("channel").orElse(""))
                && c.param("text").orElse("").toLowerCase(Locale.ROOT).contains(word),
        WAIT);
  }

  private boolean holdsRole() {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT 1 FROM INFORMATION_SCHEMA.RIGHTS WHERE GRANTEETYPE = 'USER'"
                    + " AND GRANTEE = ? AND GRANTEDROLE = ?")) {
      ps.setString(1, DB_USER.toUpperCase(Locale.ROOT));
      ps.setString(2, ROLE.toUpperCase(Locale.ROOT));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the demo database", e);
    }
  }

  private void step(String what) {
    out.println();
    out.println("▶ " + what);
    out.flush();
  }

  /** Prints the text a person would read in the blocks, one line per text element. */
  private void show(String surface, JsonNode blocks) {
    out.println("  ┌ " + surface);
    for (String line : texts(blocks)) {
      for (String part : line.split("\n")) {
        out.println("  │ " + part);
      }
    }
    out.println("  └");
    out.flush();
  }

  private static List<String> texts(JsonNode blocks) {
    List<String> lines = new ArrayList<>();
    for (JsonNode block : blocks) {
      String type = block.path("type").asText();
      if (block.has("text") && block.path("text").has("text")) {
        lines.add(block.path("text").path("text").asText());
      }
      if (type.equals("input")) {
        lines.add("[" + block.path("label").path("text").asText() + "]");
      }
      for (JsonNode field : block.path("fields")) {
        lines.add(field.path("text").asText());
      }
      for (JsonNode e : block.path("elements")) {
        if (e.has("text") && e.path("text").isTextual()) {
          lines.add(e.path("text").asText());
        } else if (e.path("type").asText().equals("button")) {
          lines.add("[" + e.path("text").path("text").asText() + "]");
        }
      }
    }
    return lines;
  }
}
