package dev.jit.report;

import static dev.jit.testkit.engine.EngineWorld.ADMIN;
import static dev.jit.testkit.engine.EngineWorld.DEV;
import static dev.jit.testkit.engine.EngineWorld.ONCALL;
import static dev.jit.testkit.engine.EngineWorld.OWNER1;
import static dev.jit.testkit.engine.EngineWorld.OWNER2;
import static dev.jit.testkit.engine.EngineWorld.OWNER3;
import static dev.jit.testkit.engine.EngineWorld.PROD;
import static dev.jit.testkit.engine.EngineWorld.READ;
import static dev.jit.testkit.engine.EngineWorld.REQUESTER;
import static dev.jit.testkit.engine.EngineWorld.STAGING;
import static dev.jit.testkit.engine.EngineWorld.STRANGER;
import static dev.jit.testkit.engine.EngineWorld.WRITE;

import dev.jit.core.Command;
import dev.jit.core.JitEngine;
import dev.jit.core.Outcome;
import dev.jit.core.memory.InMemoryGrantBackend.Op;
import dev.jit.spi.AuditRecord;
import dev.jit.spi.BreakGlass;
import dev.jit.spi.GrantStep;
import dev.jit.spi.GroupId;
import dev.jit.spi.RequestId;
import dev.jit.spi.ResourceId;
import dev.jit.spi.RoleName;
import dev.jit.spi.UserId;
import dev.jit.testkit.engine.EngineWorld;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A real audit trail with every kind of request a period can hold, made by a real engine over the
 * engine test kit's world: a request closed before the period (left out), one approved, granted and
 * expired, one denied, one timed out, one cancelled, one whose grant failed and was rolled back,
 * one revoked early and one whose revocation keeps failing and is escalated, still failing at the
 * period's end and only expired after it; a break-glass use granted at once and reviewed "not
 * justified", and one approved by the on-call engineer whose review is missed and escalated twice;
 * on the expired one an extension granted and a second one that lapsed undecided, and on the
 * failing one an extension denied.
 */
final class SeededPeriod {
  static final Instant T0 = Instant.parse("2026-11-25T09:00:00Z");
  static final ReportPeriod PERIOD = new ReportPeriod(at("09:30"), at("11:30"));

  /** Text that a spreadsheet would run as a formula, with CSV's special characters. */
  static final String FORMULA = "=HYPERLINK(\"http://evil.example/x?a,b\",\"click\")";

  /** Markup that a page would run, on two lines. */
  static final String MARKUP = "<img src=x onerror=alert(1)> & \"quoted\"\n<script>x()</script>";

  /**
   * The test kit's policy with a staging break-glass review due 20 minutes after access and
   * escalated every 15, so misses fall into the period.
   */
  static final String POLICY =
      EngineWorld.POLICY.replace(
          "reviewWithin: 8h\n", "reviewWithin: 20m\n          escalateEvery: 15m\n");

  final EngineWorld world = world();
  final JitEngine engine = world.engine();
  final RequestId before;
  final RequestId expired;
  final RequestId denied;
  final RequestId timedOut;
  final RequestId cancelled;
  final RequestId rolledBack;
  final RequestId revoked;
  final RequestId failing;
  final RequestId breakGlass;
  final RequestId unreviewed;

  SeededPeriod() {
    this(true);
  }

  /** With {@code goOn} false, the world stops at the period's end. */
  SeededPeriod(boolean goOn) {
    before = submit(REQUESTER, STAGING, READ, Duration.ofHours(1), "earlier work");
    handle(new Command.Cancel(before, REQUESTER, world.key()));

    to("09:30");
    expired = submit(REQUESTER, PROD, READ, Duration.ofHours(1), "Investigating INC-42, payments");
    to("09:35");
    approve(expired, OWNER1);
    to("09:40");
    approve(expired, OWNER2);

    to("09:45");
    denied = submit(DEV, PROD, WRITE, Duration.ofHours(1), MARKUP);
    to("09:50");
    handle(new Command.Deny(denied, OWNER3, "no change window today", world.key()));
    timedOut = submit(STRANGER, PROD, READ, Duration.ofMinutes(15), FORMULA);

    to("09:55");
    cancelled = submit(OWNER1, STAGING, READ, Duration.ofHours(1), "reading staging logs");
    to("10:00");
    handle(new Command.Cancel(cancelled, OWNER1, world.key()));

    world.db.failFor(
        new GrantStep("db-role", Map.of("role", "payments_write"), "uadmin"), Op.GRANT, false);
    rolledBack = submit(ADMIN, PROD, WRITE, Duration.ofHours(4), "schema migration MIG-7");
    to("10:02");
    approve(rolledBack, OWNER1);
    to("10:03");
    approve(rolledBack, OWNER2);
    world.db.heal();

    to("10:05");
    revoked = submit(REQUESTER, STAGING, READ, Duration.ofHours(2), "staging smoke test");
    to("10:10");
    approve(revoked, OWNER1);
    to("10:20");
    handle(new Command.Extend(expired, REQUESTER, Duration.ofMinutes(30), world.key()));
    to("10:25");
    handle(new Command.ApproveExtension(expired, OWNER3, world.key()));
    to("10:30");
    handle(new Command.Revoke(revoked, REQUESTER, world.key()));
    handle(new Command.Extend(expired, REQUESTER, Duration.ofMinutes(30), world.key()));

    to("10:32");
    breakGlass =
        handle(world.breakGlassProd(REQUESTER, Duration.ofMinutes(15))).requireRequest().id();
    to("10:40");
    unreviewed =
        handle(
                new Command.InvokeBreakGlass(
                    REQUESTER,
                    STAGING,
                    READ,
                    Duration.ofMinutes(30),
                    "INC-78: staging deploys stuck",
                    "INC-78",
                    world.key()))
            .requireRequest()
            .id();
    to("10:42");
    approve(unreviewed, ONCALL);

    to("10:45");
    failing = submit(DEV, PROD, READ, Duration.ofMinutes(15), "read replica lag");
    to("10:50");
    approve(failing, OWNER1);
    approve(failing, OWNER2);
    world.db.failFor(
        new GrantStep("db-role", Map.of("role", "payments_read"), "udev"), Op.REVOKE, true);
    to("10:55");
    handle(new Command.Extend(failing, DEV, Duration.ofMinutes(15), world.key()));
    to("10:56");
    handle(new Command.DenyExtension(failing, OWNER3, "fix the replica instead", world.key()));
    to("11:15");
    handle(
        new Command.Review(
            breakGlass,
            OWNER1,
            BreakGlass.Verdict.NOT_JUSTIFIED,
            "no incident was open",
            world.key()));
    to("11:30");
    if (!goOn) {
      return;
    }
    to("11:40");
    world.db.heal();
    to("12:00");
  }

  private static EngineWorld world() {
    if (POLICY.equals(EngineWorld.POLICY)) {
      throw new IllegalStateException(
          "the test kit's policy changed: no staging review to shorten");
    }
    EngineWorld w = new EngineWorld(POLICY);
    for (UserId u : List.of(REQUESTER, OWNER1, OWNER2, OWNER3, DEV, ADMIN, STRANGER, ONCALL)) {
      w.person(u);
    }
    w.directory.group(new GroupId("SDEV"), Set.of(DEV));
    w.directory.group(new GroupId("SONCALL"), Set.of(ONCALL));
    return w;
  }

  static Instant at(String hhmm) {
    return Instant.parse("2026-11-25T" + hhmm + ":00Z");
  }

  /** Moves the world's clock to {@code hhmm}, delivering every timer due on the way. */
  private void to(String hhmm) {
    Instant target = at(hhmm);
    while (world.clock.instant().isBefore(target)) {
      Instant next = world.clock.instant().plus(Duration.ofSeconds(30));
      world.advance(
          Duration.between(world.clock.instant(), next.isAfter(target) ? target : next), engine);
    }
  }

  private RequestId submit(
      UserId who, ResourceId resource, RoleName role, Duration duration, String justification) {
    Outcome o =
        handle(
            new Command.Submit(who, resource, role, duration, justification, "TCK-1", world.key()));
    return o.requireRequest().id();
  }

  private void approve(RequestId id, UserId approver) {
    handle(world.approve(id, approver));
  }

  private Outcome handle(Command c) {
    Outcome o = engine.handle(c);
    if (!o.accepted()) {
      throw new AssertionError(c + " was refused: " + o);
    }
    return o;
  }

  /** The records of {@code id} before the period's end. */
  List<AuditRecord> trail(RequestId id) {
    return world.audit.forRequest(id, 0).stream()
        .filter(r -> r.entry().at().isBefore(PERIOD.to()))
        .toList();
  }

  /**
   * When the first record of {@code id} with {@code action} before the period's end was written.
   */
  Optional<Instant> first(RequestId id, String action) {
    return trail(id).stream()
        .filter(r -> r.entry().action().equals(action))
        .map(r -> r.entry().at())
        .findFirst();
  }

  EvidenceReport report() {
    return EvidenceReport.collect(
        world.audit,
        PERIOD,
        Verification.of(world.audit, Optional.of(world.policy), List.of(), Map.of()),
        at("12:00"));
  }
}
