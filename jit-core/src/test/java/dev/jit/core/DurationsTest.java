package dev.jit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({
    "200ms, PT0.2S",
    "90s, PT1M30S",
    "15m, PT15M",
    "1h30m, PT1H30M",
    "2d, PT48H",
    "1d12h, PT36H",
    "1s500ms, PT1.5S",
    "PT30M, PT30M",
    "' 1h ', PT1H"
  })
  @DisplayName("reads the human form and ISO-8601")
  void parses(String text, String iso) {
    assertThat(Durations.parse(text)).contains(Duration.parse(iso));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "30", "1h1d", "1x", "1 h", "m", "PT", "9999999999d", "1.5h"})
  @DisplayName("refuses anything else, without throwing")
  void refuses(String text) {
    assertThat(Durations.parse(text)).isEmpty();
  }

  @Test
  @DisplayName("formats in the largest units, days included, and reads its own output back")
  void formats() {
    assertThat(Durations.format(Duration.ofHours(48))).isEqualTo("2d");
    assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
    assertThat(Durations.format(Duration.ofMillis(200))).isEqualTo("200ms");
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
    Random random = new Random(42);
    for (int i = 0; i < 1_000; i++) {
      Duration d = Duration.ofMillis(Math.abs(random.nextLong() % 10_000_000_000L));
      assertThat(Durations.parse(Durations.format(d))).as("%s", d).contains(d);
    }
  }
}
