package dev.jit.core;

import static dev.jit.testkit.engine.EngineWorld.OWNER1;
import static dev.jit.testkit.engine.EngineWorld.OWNER2;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jit.core.audit.AuditVerifier;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.Approval;
import dev.jit.spi.AuditEntry;
import dev.jit.spi.NotificationKind;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import dev.jit.testkit.engine.EngineWorld;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Someone who can write the audit table (the application's own database account) appends a record
 * that is hashed and linked correctly, as jit's own would be, or edits the request store behind
 * jit's back. The engine must not act on it: it keeps the request at its last trusted version,
 * removes the access that version may hold, and alerts the admins; the verifier names the record.
 */
class AuditForgeryTest {
  private final EngineWorld f = new EngineWorld();
  private final JitEngine engine = f.engine();

  private RequestId active() {
    RequestId id = engine.handle(f.submitProd()).requireRequest().id();
    engine.handle(f.approve(id, OWNER1));
    engine.handle(f.approve(id, OWNER2));
    assertThat(f.load(id).status()).isEqualTo(RequestStatus.ACTIVE);
    return id;
  }

  /** Appends {@code forged} as the application account could: through the log, hashed, linked. */
  private void append(AccessRequest forged, String action) {
    f.audit.append(new AuditEntry(f.clock.instant(), action, "system", "", forged));
  }

  private List<String> securityAlerts() {
    return f.notifier.of(NotificationKind.ESCALATION).stream()
        .map(n -> n.detail())
        .filter(d -> d.startsWith("security:"))
        .toList();
  }

  @Test
  @DisplayName("a forged record that extends an active grant by a year is not adopted; access goes")
  void forgedExtension() {
    RequestId id = active();
    AccessRequest r = f.load(id);
    AccessRequest forged =
        r.toBuilder()
            .version(r.version() + 1)
            .expiresAt(Optional.of(r.expiresAt().orElseThrow().plus(Duration.ofDays(365))))
            .build();
    append(forged, "granted");

    Optional<AccessRequest> seen = engine.find(id);

    assertThat(seen.orElseThrow().version())
        .as("held at the trusted version")
        .isEqualTo(r.version());
    assertThat(seen.get().expiresAt()).isEqualTo(r.expiresAt());
    assertThat(f.nothingHeld()).as("access removed, failing closed").isTrue();
    assertThat(securityAlerts()).singleElement().asString().contains("lifecycle forbids");
    AuditVerifier.Result verified = AuditVerifier.verify(f.audit);
    assertThat(verified.intact()).isFalse();
    assertThat(verified.firstBrokenSequence()).isPresent();
    assertThat(verified.problem()).contains(id.value()).contains("ACTIVE to ACTIVE");
  }

  @Test
  @DisplayName("a forged approval that skips the quorum is not adopted and the grant never runs")
  void forgedQuorum() {
    RequestId id = engine.handle(f.submitProd()).requireRequest().id();
    AccessRequest r = f.load(id);
    AccessRequest forged =
        r.toBuilder()
            .version(2)
            .status(RequestStatus.APPROVED)
            .approvals(List.of(new Approval(OWNER1, f.clock.instant())))
            .expiresAt(Optional.of(f.clock.instant().plus(r.duration())))
            .build();
    append(forged, "approved");

    f.advance(Duration.ofMinutes(6), engine);
    engine.sweep();
    assertThat(engine.find(id).orElseThrow().status()).isEqualTo(RequestStatus.PENDING);
    Outcome approval = engine.handle(f.approve(id, OWNER2));

    assertThat(approval.rejection()).contains(Rejection.UNVERIFIABLE);
    assertThat(approval.message()).contains("security review");
    assertThat(f.load(id).status()).isEqualTo(RequestStatus.PENDING);
    assertThat(f.okta.calls()).as("no grant call").isEmpty();
    assertThat(securityAlerts()).singleElement().asString().contains("1 approval(s) where 2");
    assertThat(AuditVerifier.verify(f.audit).problem()).contains("where 2 are required");
  }

  @Test
  @DisplayName("a store row edited behind jit's back is not acted on: the log is replayed")
  void editedStore() {
    RequestId id = active();
    AccessRequest r = f.load(id);
    AccessRequest edited =
        r.toBuilder()
            .version(r.version() + 1)
            .expiresAt(Optional.of(r.expiresAt().orElseThrow().plus(Duration.ofDays(365))))
            .nextDeadline(Optional.of(r.expiresAt().orElseThrow().plus(Duration.ofDays(365))))
            .build();
    f.store.save(edited);

    AccessRequest seen = engine.find(id).orElseThrow();

    assertThat(seen.version()).isEqualTo(r.version());
    assertThat(seen.expiresAt()).isEqualTo(r.expiresAt());
    f.advance(Duration.ofHours(1), engine);
    engine.sweep();
    assertThat(f.nothingHeld()).as("expired on the logged expiry, not the edited one").isTrue();
  }

  @Test
  @DisplayName("jit's own history, thousands of records, verifies as legal")
  void ownHistoryIsLegal() {
    for (int i = 0; i < 30; i++) {
      RequestId id = active();
      f.advance(Duration.ofHours(1), engine);
      assertThat(f.load(id).status()).isEqualTo(RequestStatus.EXPIRED);
    }
    assertThat(AuditVerifier.verify(f.audit, Optional.of(f.policy)).intact()).isTrue();
    assertThat(securityAlerts()).isEmpty();
  }
}
