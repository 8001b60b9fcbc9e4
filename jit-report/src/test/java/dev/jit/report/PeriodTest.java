package dev.jit.report;

import static dev.jit.testkit.engine.EngineWorld.OWNER1;
import static dev.jit.testkit.engine.EngineWorld.OWNER2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jit.core.JitEngine;
import dev.jit.core.memory.InMemoryAuditLog;
import dev.jit.spi.RequestId;
import dev.jit.testkit.engine.EngineWorld;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PeriodTest {
  private final EngineWorld world = new EngineWorld();
  private final JitEngine engine = world.engine();

  private EvidenceReport report(Instant from, Instant to) {
    return EvidenceReport.collect(
        world.audit,
        new ReportPeriod(from, to),
        Verification.of(world.audit, Optional.empty(), List.of(), Map.of()),
        to);
  }

  @Test
  @DisplayName(
      "access granted before the period and still held through it is in the report, with no"
          + " record in the period")
  void openAsThePeriodBegins() {
    Instant t0 = world.clock.instant();
    RequestId id =
        engine
            .handle(
                new dev.jit.core.Command.Submit(
                    EngineWorld.REQUESTER,
                    EngineWorld.PROD,
                    EngineWorld.READ,
                    Duration.ofHours(4),
                    EngineWorld.JUSTIFICATION,
                    "",
                    world.key()))
            .requireRequest()
            .id();
    engine.handle(world.approve(id, OWNER1));
    engine.handle(world.approve(id, OWNER2));
    world.advance(Duration.ofHours(5), engine);

    EvidenceReport during = report(t0.plus(Duration.ofHours(1)), t0.plus(Duration.ofHours(2)));
    assertThat(during.requests())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.id()).isEqualTo(id);
              assertThat(r.outcome().name()).isEqualTo("ACTIVE");
              assertThat(r.mayHoldAccessAtEnd()).isTrue();
              assertThat(r.overdueAtEnd()).isFalse();
            });
    assertThat(during.lastSequenceInPeriod()).isEmpty();

    assertThat(report(t0.plus(Duration.ofHours(6)), t0.plus(Duration.ofHours(7))).requests())
        .as("closed before the period")
        .isEmpty();
    assertThat(report(t0.minus(Duration.ofHours(2)), t0).requests())
        .as("submitted at the period's end, which is not in it")
        .isEmpty();
  }

  @Test
  @DisplayName("an empty log gives an empty report whose timed figures are empty, not zero")
  void empty() {
    EvidenceReport r =
        EvidenceReport.collect(
            new InMemoryAuditLog(),
            SeededPeriod.PERIOD,
            Verification.of(new InMemoryAuditLog(), Optional.empty(), List.of(), Map.of()),
            SeededPeriod.T0);
    assertThat(r.requests()).isEmpty();
    assertThat(r.figure("requests").value()).hasValue(0);
    assertThat(r.figure("approval_median_seconds").value()).isEmpty();
  }

  @Test
  @DisplayName("a period must start before it ends")
  void backwards() {
    assertThatThrownBy(() -> new ReportPeriod(SeededPeriod.T0, SeededPeriod.T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must start before it ends");
  }
}
