package dev.jit.slack.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import dev.jit.slack.RateLimitRetry;
import dev.jit.slack.SlackDirectory;
import dev.jit.slack.testkit.FakeSlack;
import dev.jit.spi.GroupId;
import dev.jit.spi.JitException;
import dev.jit.spi.UserId;
import dev.jit.spi.UserProfile;
import dev.jit.testkit.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link SlackDirectory} against FakeSlack's users.info and usergroups.users.list. */
class SlackDirectoryTest {
  private final MutableClock clock = MutableClock.at(Instant.parse("2026-11-25T09:00:00Z"));
  private final FakeSlack slack = FakeSlack.start(FakeSlack.DEFAULT_TOKEN, Clock.systemUTC());
  private final SlackDirectory directory;

  SlackDirectoryTest() {
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(slack.apiUrl());
    config.getMethodsConfig().setStatsEnabled(false);
    directory =
        SlackDirectory.builder(Slack.getInstance(config).methods(FakeSlack.DEFAULT_TOKEN))
            .clock(clock)
            .staticIdentities(Map.of(new UserId("UALICE"), Map.of("db-user", "alice")))
            .rateLimitRetry(RateLimitRetry.ofDefaults().withSleeper(d -> {}))
            .build();
    slack.addUser(FakeSlack.User.of("UALICE", "alice").withEmail("alice@example.com"));
    slack.addUser(FakeSlack.User.of("UGONE", "gone").withDeleted(true));
    slack.addUser(FakeSlack.User.of("UGUEST", "guest").withRestricted(true));
    slack.addUser(FakeSlack.User.of("USINGLE", "single").withUltraRestricted(true));
    slack.addUser(FakeSlack.User.of("UBOT", "bot").withBot(true));
    slack.addGroup("SOPS", Set.of("UALICE", "UGUEST"));
  }

  @AfterEach
  void close() {
    slack.close();
  }

  @Test
  @DisplayName("an ordinary member is active, with the profile email and the static identities")
  void activeMember() {
    UserProfile alice = directory.user(new UserId("UALICE")).orElseThrow();

    assertThat(alice.active()).isTrue();
    assertThat(alice.identities())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("email", "alice@example.com", "db-user", "alice"));
  }

  @Test
  @DisplayName("deleted users, guests (restricted, ultra restricted) and bots are not active")
  void inactive() {
    for (String id : new String[] {"UGONE", "UGUEST", "USINGLE", "UBOT"}) {
      assertThat(directory.user(new UserId(id)).orElseThrow().active()).as(id).isFalse();
    }
  }

  @Test
  @DisplayName("an unknown user is empty")
  void unknown() {
    assertThat(directory.user(new UserId("UNOBODY"))).isEmpty();
  }

  @Test
  @DisplayName("a second lookup within the TTL makes no call; after the TTL it calls again")
  void ttlCache() {
    UserId alice = new UserId("UALICE");
    directory.user(alice);
    directory.user(alice);
    assertThat(slack.calls("users.info")).hasSize(1);

    clock.advance(SlackDirectory.DEFAULT_TTL.minusSeconds(1));
    directory.user(alice);
    assertThat(slack.calls("users.info")).hasSize(1);

    clock.advance(Duration.ofSeconds(2));
    slack.addUser(FakeSlack.User.of("UALICE", "alice").withDeleted(true));
    assertThat(directory.user(alice).orElseThrow().active()).isFalse();
    assertThat(slack.calls("users.info")).hasSize(2);
  }

  @Test
  @DisplayName(
      "group members come from usergroups.users.list and are cached; unknown groups are empty")
  void groups() {
    assertThat(directory.members(new GroupId("SOPS")))
        .containsExactlyInAnyOrder(new UserId("UALICE"), new UserId("UGUEST"));
    directory.members(new GroupId("SOPS"));
    assertThat(slack.calls("usergroups.users.list")).hasSize(1);
    assertThat(directory.members(new GroupId("SNONE"))).isEmpty();
  }

  @Test
  @DisplayName("a Slack failure throws JitException, is not cached, and the next lookup succeeds")
  void failureFailsClosed() {
    slack.failNext("users.info", 1, "internal_error");
    assertThatThrownBy(() -> directory.user(new UserId("UALICE")))
        .isInstanceOf(JitException.class)
        .hasMessageContaining("internal_error");
    assertThat(directory.user(new UserId("UALICE"))).isPresent();

    slack.freePlan(true);
    assertThatThrownBy(() -> directory.members(new GroupId("SOPS")))
        .isInstanceOf(JitException.class)
        .hasMessageContaining("plan_upgrade_required");
  }

  @Test
  @DisplayName("a 429 from users.info is retried after Retry-After")
  void rateLimited() {
    slack.rateLimitNext("users.info", 1, 3);

    assertThat(directory.user(new UserId("UALICE"))).isPresent();
    assertThat(slack.calls("users.info")).hasSize(2);
  }
}
