package dev.jit.testkit;

import static dev.jit.testkit.SampleRequests.ALICE;
import static dev.jit.testkit.SampleRequests.BOB;
import static dev.jit.testkit.SampleRequests.CAROL;
import static dev.jit.testkit.SampleRequests.T0;
import static dev.jit.testkit.SampleRequests.id;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.jit.spi.AccessRequest;
import dev.jit.spi.Notification;
import dev.jit.spi.NotificationKind;
import dev.jit.spi.Notifier;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The contract of {@link Notifier}: every kind of notification about a realistic request is
 * accepted without throwing.
 */
public abstract class NotifierContract {

  /** The notifier under test; called before every test. */
  protected abstract Notifier createNotifier();

  /** The request the notifications are about; override to fit the notifier's setup. */
  protected AccessRequest sampleRequest() {
    return SampleRequests.fullyPopulated(id(1), T0);
  }

  protected Notifier notifier;

  @BeforeEach
  void createNotifierUnderTest() {
    notifier = createNotifier();
  }

  @Nested
  @DisplayName("notifying")
  class Notifying {

    @ParameterizedTest(name = "{0}")
    @EnumSource(NotificationKind.class)
    @DisplayName("accepts a notification of every kind")
    void everyKind(NotificationKind kind) {
      Notification n =
          new Notification(kind, sampleRequest(), Set.of(ALICE, BOB), "detail for " + kind);

      assertThatCode(() -> notifier.notify(n)).doesNotThrowAnyException();
    }

    @Test
    @DisplayName("accepts a notification without recipients or detail")
    void bare() {
      Notification n = new Notification(NotificationKind.PENDING, sampleRequest(), Set.of(), "");

      assertThatCode(() -> notifier.notify(n)).doesNotThrowAnyException();
    }

    @Test
    @DisplayName("accepts detail with unicode, quotes, markup characters and newlines")
    void awkwardText() {
      Notification n =
          new Notification(
              NotificationKind.FAILED,
              sampleRequest(),
              Set.of(CAROL),
              "<b>*not bold*</b> & \"quoted\"\n日本語 \uD83D\uDD25 `code` <@U024BE7LH>");

      assertThatCode(() -> notifier.notify(n)).doesNotThrowAnyException();
    }
  }
}
