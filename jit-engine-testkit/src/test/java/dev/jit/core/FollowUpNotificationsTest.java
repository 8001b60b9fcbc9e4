package dev.jit.core;

import static dev.jit.testkit.engine.EngineWorld.OWNER1;
import static dev.jit.testkit.engine.EngineWorld.OWNER2;
import static dev.jit.testkit.engine.EngineWorld.OWNER3;
import static dev.jit.testkit.engine.EngineWorld.REQUESTER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jit.spi.AuditEntry;
import dev.jit.spi.AuditLog;
import dev.jit.spi.AuditRecord;
import dev.jit.spi.BreakGlass.Verdict;
import dev.jit.spi.NotificationKind;
import dev.jit.spi.RequestId;
import dev.jit.testkit.ForwardingAuditLog;
import dev.jit.testkit.engine.DyingOutbox;
import dev.jit.testkit.engine.EngineWorld;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Break-glass and extension notifications are committed with the change they announce, like every
 * other: an engine that dies the instant after the audit append loses none of them; another engine
 * delivers them.
 */
class FollowUpNotificationsTest {
  private final EngineWorld f = new EngineWorld();
  private final JitEngine survivor = f.engine();

  /** An audit log whose process dies right after appending a record of {@code action}. */
  private static final class DiesAfter extends ForwardingAuditLog {
    private final String action;

    DiesAfter(AuditLog delegate, String action) {
      super(delegate);
      this.action = action;
    }

    @Override
    public AuditRecord append(AuditEntry entry) {
      AuditRecord r = super.append(entry);
      if (entry.action().equals(action)) {
        throw new DyingOutbox.Died();
      }
      return r;
    }
  }

  private JitEngine dyingAfter(String action) {
    return f.parts(f.store, new DiesAfter(f.audit, action))
        .backend(f.okta)
        .backend(f.db)
        .backend(f.k8s)
        .deliveryExecutor(task -> {})
        .build();
  }

  private RequestId active() {
    RequestId id = survivor.handle(f.submitProd()).requireRequest().id();
    survivor.handle(f.approve(id, OWNER1));
    survivor.handle(f.approve(id, OWNER2));
    survivor.deliverNotifications();
    return id;
  }

  enum Moment {
    REVIEWED("break_glass_reviewed", NotificationKind.BREAK_GLASS_NOT_JUSTIFIED),
    EXTENSION_REQUESTED("extension_requested", NotificationKind.EXTENSION_REQUESTED),
    EXTENDED("extended", NotificationKind.EXTENDED),
    EXTENSION_DENIED("extension_denied", NotificationKind.EXTENSION_DENIED);

    final String action;
    final NotificationKind kind;

    Moment(String action, NotificationKind kind) {
      this.action = action;
      this.kind = kind;
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Moment.class)
  @DisplayName("a death right after the audit append of a follow-up loses none of its messages")
  void deathAfterAppend(Moment m) {
    JitEngine dying = dyingAfter(m.action);
    RequestId id;
    if (m == Moment.REVIEWED) {
      id = survivor.handle(f.breakGlassProd(REQUESTER, Duration.ofHours(1))).requireRequest().id();
      assertThatThrownBy(
              () ->
                  dying.handle(
                      new Command.Review(
                          id, OWNER3, Verdict.NOT_JUSTIFIED, "no incident", f.key())))
          .isInstanceOf(DyingOutbox.Died.class);
    } else {
      id = active();
      Command extend = new Command.Extend(id, REQUESTER, Duration.ofHours(1), f.key());
      if (m == Moment.EXTENSION_REQUESTED) {
        assertThatThrownBy(() -> dying.handle(extend)).isInstanceOf(DyingOutbox.Died.class);
      } else {
        survivor.handle(extend);
        Command decide =
            m == Moment.EXTENDED
                ? new Command.ApproveExtension(id, OWNER3, f.key())
                : new Command.DenyExtension(id, OWNER3, "not now", f.key());
        assertThatThrownBy(() -> dying.handle(decide)).isInstanceOf(DyingOutbox.Died.class);
      }
    }
    assertThat(f.actions(id)).contains(m.action);
    assertThat(f.notifier.of(m.kind)).isEmpty();

    survivor.deliverNotifications();

    assertThat(f.notifier.of(m.kind))
        .singleElement()
        .satisfies(n -> assertThat(n.request().id()).isEqualTo(id));
  }
}
