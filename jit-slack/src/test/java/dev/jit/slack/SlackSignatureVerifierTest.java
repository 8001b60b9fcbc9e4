package dev.jit.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jit.slack.testkit.SlackClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SlackSignatureVerifierTest {
  private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private static final byte[] BODY = "token=x&command=%2Fjit".getBytes(StandardCharsets.UTF_8);
  private final SlackSignatureVerifier verifier =
      new SlackSignatureVerifier(SECRET, Clock.fixed(NOW, ZoneOffset.UTC));

  private boolean verify(long timestamp) {
    String ts = Long.toString(timestamp);
    return verifier.verify(
        Optional.of(ts),
        Optional.of(SlackClient.sign(SECRET, ts, new String(BODY, StandardCharsets.UTF_8))),
        BODY);
  }

  @Test
  @DisplayName(
      "a correctly signed request up to five minutes old or early is Slack's; one second more is not")
  void window() {
    long now = NOW.getEpochSecond();
    assertThat(verify(now)).isTrue();
    assertThat(verify(now - 300)).isTrue();
    assertThat(verify(now + 300)).isTrue();
    assertThat(verify(now - 301)).isFalse();
    assertThat(verify(now + 301)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(longs = {Long.MIN_VALUE, Long.MAX_VALUE, 0})
  @DisplayName("timestamps far out of range are refused")
  void extremeTimestamps(long timestamp) {
    assertThat(verify(timestamp)).isFalse();
  }

  @Test
  @DisplayName("a timestamp whose distance from now overflows a long is refused")
  void overflowingDistance() {
    // now - (now + MIN_VALUE) overflows to MIN_VALUE, whose absolute value is negative
    assertThat(verify(NOW.getEpochSecond() + Long.MIN_VALUE)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "v0=", "v1=00", "v0=zz", "v0=00ff", "sha256=abc"})
  @DisplayName("malformed signatures are refused")
  void malformed(String signature) {
    assertThat(
            verifier.verify(
                Optional.of(Long.toString(NOW.getEpochSecond())), Optional.of(signature), BODY))
        .isFalse();
  }

  @Test
  @DisplayName("a body changed after signing is refused")
  void tamperedBody() {
    String ts = Long.toString(NOW.getEpochSecond());
    String signature = SlackClient.sign(SECRET, ts, new String(BODY, StandardCharsets.UTF_8));
    byte[] changed = "token=x&command=%2Fjix".getBytes(StandardCharsets.UTF_8);
    assertThat(verifier.verify(Optional.of(ts), Optional.of(signature), changed)).isFalse();
  }
}
