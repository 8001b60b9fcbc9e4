package dev.jit.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jit.core.memory.RecordingNotifier;
import dev.jit.spi.BreakGlass;
import dev.jit.spi.Notification;
import dev.jit.spi.NotificationKind;
import dev.jit.testkit.SampleRequests;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MeteredNotifierTest {
  @Test
  @DisplayName("break-glass uses, reviews by verdict and extensions are counted")
  void breakGlassAndExtensions() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    RecordingNotifier inner = new RecordingNotifier();
    MeteredNotifier metered = new MeteredNotifier(inner, registry);
    var reviewed = SampleRequests.breakGlassExtended(SampleRequests.id(1), SampleRequests.T0);

    metered.notify(new Notification(NotificationKind.BREAK_GLASS, reviewed, Set.of(), ""));
    metered.notify(new Notification(NotificationKind.BREAK_GLASS_REVIEWED, reviewed, Set.of(), ""));
    metered.notify(new Notification(NotificationKind.EXTENDED, reviewed, Set.of(), ""));

    assertThat(registry.get("jit.events").tag("kind", "break_glass").counter().count())
        .isEqualTo(1);
    assertThat(registry.get("jit.events").tag("kind", "extended").counter().count()).isEqualTo(1);
    assertThat(
            registry
                .get("jit.break_glass.reviews")
                .tag("verdict", BreakGlass.Verdict.NOT_JUSTIFIED.name().toLowerCase())
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(
            registry.get("jit.break_glass.reviews").tag("verdict", "justified").counter().count())
        .isZero();
    assertThat(inner.all()).hasSize(3);
  }
}
