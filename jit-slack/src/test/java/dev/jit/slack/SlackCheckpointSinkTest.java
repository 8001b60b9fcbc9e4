package dev.jit.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import dev.jit.core.audit.AuditVerifier;
import dev.jit.core.audit.Checkpointer;
import dev.jit.core.audit.Ed25519Keys;
import dev.jit.core.memory.InMemoryAuditLog;
import dev.jit.slack.testkit.FakeSlack;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.AuditEntry;
import dev.jit.spi.Checkpoint;
import dev.jit.spi.JitException;
import dev.jit.spi.RequestId;
import dev.jit.testkit.MutableClock;
import dev.jit.testkit.SampleRequests;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link SlackCheckpointSink} against FakeSlack's chat.postMessage, alone and under a Checkpointer.
 */
class SlackCheckpointSinkTest {
  private static final String CHANNEL = "C0JITAUDIT";
  private static final Pattern MESSAGE =
      Pattern.compile(
          ":lock: jit audit checkpoint: record `(\\d+)` has hash `([0-9a-f]{64})`\\n"
              + "signed at `([^`]+)` with key `([^`]+)`\\nsignature `([A-Za-z0-9+/=]+)`");

  private final FakeSlack slack = FakeSlack.start(FakeSlack.DEFAULT_TOKEN, Clock.systemUTC());
  private final List<Duration> waits = new ArrayList<>();
  private final SlackCheckpointSink sink;
  private final MutableClock clock = MutableClock.at(SampleRequests.T0);
  private final InMemoryAuditLog log = new InMemoryAuditLog();
  private final KeyPair key = Ed25519Keys.generate();
  private final List<String> alarms = new ArrayList<>();

  SlackCheckpointSinkTest() {
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(slack.apiUrl());
    config.getMethodsConfig().setStatsEnabled(false);
    sink =
        new SlackCheckpointSink(
            Slack.getInstance(config).methods(FakeSlack.DEFAULT_TOKEN),
            CHANNEL,
            RateLimitRetry.ofDefaults().withSleeper(waits::add));
  }

  @AfterEach
  void close() {
    slack.close();
  }

  private Checkpointer checkpointer() {
    return new Checkpointer(
        log, Ed25519Keys.signer("audit_1", key.getPrivate()), List.of(sink), clock, alarms::add);
  }

  /** Appends the first record of request {@code n}: a legal history. */
  private void append(int n) {
    AccessRequest r = SampleRequests.pending(new RequestId("r-" + n), SampleRequests.T0);
    log.append(new AuditEntry(r.createdAt(), "submitted", r.requester().value(), "", r));
  }

  /** The checkpoint a message states, as an auditor copies it out of the channel. */
  private static Checkpoint read(FakeSlack.Message m) {
    Matcher match = MESSAGE.matcher(m.text());
    assertThat(match.matches()).as(m.text()).isTrue();
    return new Checkpoint(
        Long.parseLong(match.group(1)),
        match.group(2),
        Instant.parse(match.group(3)),
        match.group(4),
        match.group(5));
  }

  @Test
  @DisplayName("a checkpoint is posted to the audit channel with its signed head, and verifies")
  void posted() {
    append(1);
    append(2);
    Checkpoint made = checkpointer().checkpoint().orElseThrow();

    List<FakeSlack.Message> posted = slack.messages(CHANNEL);
    assertThat(posted).hasSize(1);
    Checkpoint stated = read(posted.get(0));
    assertThat(stated).isEqualTo(made);
    assertThat(stated.sequence()).isEqualTo(2);
    AuditVerifier.Result verified =
        AuditVerifier.verify(
            log, Optional.empty(), List.of(stated), Map.of("audit_1", key.getPublic()));
    assertThat(verified.intact()).as(verified.toString()).isTrue();
    assertThat(slack.lastCall("chat.postMessage").orElseThrow().param("channel")).contains(CHANNEL);
  }

  @Test
  @DisplayName("every value sits escaped in a code span, so a key id cannot format the message")
  void escaped() {
    Checkpoint c = new Checkpoint(7, "a".repeat(64), SampleRequests.T0, "_k_", "c2ln+/==");
    String text = SlackCheckpointSink.text(c);
    assertThat(text)
        .contains("`_k_`")
        .contains("`c2ln+/==`")
        .doesNotContain("<")
        .doesNotContain("&");
    sink.write(c);
    assertThat(slack.messages(CHANNEL))
        .singleElement()
        .extracting(FakeSlack.Message::text)
        .isEqualTo(text);
  }

  @Test
  @DisplayName("a post Slack refuses is an exception; a 429 is waited out and posted")
  void failures() {
    Checkpoint c = new Checkpoint(1, "b".repeat(64), SampleRequests.T0, "audit_1", "c2ln");
    slack.failNext("chat.postMessage", 1, "not_in_channel");
    assertThatThrownBy(() -> sink.write(c))
        .isInstanceOf(JitException.class)
        .hasMessageContaining("not_in_channel");
    assertThat(slack.messages(CHANNEL)).isEmpty();

    slack.rateLimitNext("chat.postMessage", 1, 3);
    sink.write(c);
    assertThat(waits).containsExactly(Duration.ofSeconds(3));
    assertThat(slack.messages(CHANNEL)).hasSize(1);
  }

  @Test
  @DisplayName("with Slack down the Checkpointer keeps the checkpoint, alarms, and posts it later")
  void checkpointerRetries() {
    Checkpointer checkpointer = checkpointer();
    append(1);
    slack.failNext("chat.postMessage", 2, "service_unavailable");

    checkpointer.checkpoint();
    append(2);
    checkpointer.checkpoint();

    assertThat(alarms).hasSize(2).allSatisfy(a -> assertThat(a).contains("slack:" + CHANNEL));
    assertThat(checkpointer.backlog()).isEqualTo(2);
    assertThat(slack.messages(CHANNEL)).isEmpty();

    checkpointer.checkpoint();

    assertThat(checkpointer.backlog()).isZero();
    assertThat(slack.messages(CHANNEL))
        .extracting(m -> read(m).sequence())
        .as("nothing lost, in order")
        .containsExactly(1L, 2L);
  }
}
