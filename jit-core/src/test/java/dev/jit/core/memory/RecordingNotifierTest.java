package dev.jit.core.memory;

import static dev.jit.testkit.SampleRequests.T0;
import static dev.jit.testkit.SampleRequests.id;
import static dev.jit.testkit.SampleRequests.pending;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jit.spi.Notification;
import dev.jit.spi.NotificationKind;
import dev.jit.spi.Notifier;
import dev.jit.testkit.NotifierContract;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RecordingNotifierTest extends NotifierContract {

  @Override
  protected Notifier createNotifier() {
    return new RecordingNotifier();
  }

  @Test
  @DisplayName("keeps notifications in order and filters them by kind and request")
  void records() {
    RecordingNotifier recording = (RecordingNotifier) notifier;
    Notification a = new Notification(NotificationKind.PENDING, pending(id(1), T0), Set.of(), "");
    Notification b = new Notification(NotificationKind.PENDING, pending(id(2), T0), Set.of(), "");
    Notification c = new Notification(NotificationKind.DENIED, pending(id(1), T0), Set.of(), "no");

    recording.notify(a);
    recording.notify(b);
    recording.notify(c);

    assertThat(recording.all()).containsExactly(a, b, c);
    assertThat(recording.of(NotificationKind.PENDING)).containsExactly(a, b);
    assertThat(recording.forRequest(id(1))).containsExactly(a, c);

    recording.clear();
    assertThat(recording.all()).isEmpty();
  }
}
