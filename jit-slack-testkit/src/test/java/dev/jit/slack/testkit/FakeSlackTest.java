package dev.jit.slack.testkit;

import static com.slack.api.model.block.Blocks.asBlocks;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.views.ViewsOpenResponse;
import com.slack.api.model.Message;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.view.View;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The real Slack SDK client against the fake. */
class FakeSlackTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-02T03:04:05Z"));
  private FakeSlack fake;
  private Slack slack;
  private MethodsClient methods;

  @BeforeEach
  void start() {
    fake = FakeSlack.start(FakeSlack.DEFAULT_TOKEN, clock);
    slack = Slack.getInstance(config(fake));
    methods = slack.methods(FakeSlack.DEFAULT_TOKEN);
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private static SlackConfig config(FakeSlack fake) {
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(fake.apiUrl());
    // Otherwise the SDK calls auth.test before the first call of each token (see the test below).
    config.getMethodsConfig().setStatsEnabled(false);
    config.setFailOnUnknownProperties(true);
    return config;
  }

  private static View modal(int blocks, String privateMetadata) {
    List<LayoutBlock> list = new ArrayList<>();
    for (int i = 0; i < blocks; i++) {
      list.add(section(s -> s.text(plainText("block " + list.size()))));
    }
    return View.builder()
        .type("modal")
        .callbackId("request")
        .title(com.slack.api.model.view.Views.viewTitle(t -> t.type("plain_text").text("Request")))
        .privateMetadata(privateMetadata)
        .blocks(list)
        .build();
  }

  @Test
  @DisplayName("apiUrl is a 127.0.0.1 /api/ prefix")
  void apiUrl() {
    assertThat(fake.apiUrl()).matches("http://127\\.0\\.0\\.1:\\d+/api/");
  }

  @Test
  @DisplayName("auth.test answers the fake team and bot")
  void authTest() throws Exception {
    var response = methods.authTest(r -> r);

    assertThat(response.isOk()).isTrue();
    assertThat(response.getTeamId()).isEqualTo(FakeSlack.TEAM_ID);
    assertThat(response.getUserId()).isEqualTo(FakeSlack.BOT_USER_ID);
    assertThat(response.getBotId()).isEqualTo(FakeSlack.BOT_ID);
  }

  @Test
  @DisplayName("the SDK's default client calls auth.test once per token before its first call")
  void statsCallAuthTest() throws Exception {
    SlackConfig config = new SlackConfig();
    String token = "xoxb-stats-" + System.nanoTime();
    FakeSlack other = FakeSlack.start(token, clock);
    try {
      config.setMethodsEndpointUrlPrefix(other.apiUrl());
      MethodsClient client = Slack.getInstance(config).methods(token);
      client.chatPostMessage(r -> r.channel("C1").text("one"));
      client.chatPostMessage(r -> r.channel("C1").text("two"));

      assertThat(other.calls())
          .extracting(SlackCall::method)
          .containsExactly("auth.test", "chat.postMessage", "chat.postMessage");
    } finally {
      other.close();
    }
  }

  @Nested
  class Tokens {
    @Test
    @DisplayName("a wrong bearer token is invalid_auth, and the call is recorded with that token")
    void wrongToken() throws Exception {
      var response = slack.methods("xoxb-wrong").chatPostMessage(r -> r.channel("C1").text("hi"));

      assertThat(response.isOk()).isFalse();
      assertThat(response.getError()).isEqualTo("invalid_auth");
      assertThat(fake.lastCall("chat.postMessage").orElseThrow())
          .satisfies(c -> assertThat(c.token()).isEqualTo("xoxb-wrong"))
          .satisfies(c -> assertThat(c.outcome()).isEqualTo("invalid_auth"));
      assertThat(fake.messages("C1")).isEmpty();
    }

    @Test
    @DisplayName("a call without token is not_authed; an unknown method is unknown_method")
    void noTokenAndUnknownMethod() throws Exception {
      assertThat(rawPost("chat.postMessage", "channel=C1&text=hi", null).body())
          .contains("\"error\":\"not_authed\"");
      assertThat(rawPost("chat.delete", "channel=C1&ts=1.2", FakeSlack.DEFAULT_TOKEN).body())
          .isEqualTo("{\"ok\":false,\"error\":\"unknown_method\"}");
      assertThat(fake.lastCall("chat.delete")).isPresent();
    }
  }

  @Nested
  class Messages {
    @Test
    @DisplayName(
        "chat.postMessage answers the channel, a unique increasing ts and the message; the call is"
            + " recorded")
    void postMessage() throws Exception {
      ChatPostMessageResponse first =
          methods.chatPostMessage(
              r ->
                  r.channel("C1")
                      .text("hello")
                      .blocks(asBlocks(section(s -> s.text(plainText("hi"))))));
      ChatPostMessageResponse second = methods.chatPostMessage(r -> r.channel("C1").text("again"));

      assertThat(first.isOk()).isTrue();
      assertThat(first.getChannel()).isEqualTo("C1");
      assertThat(first.getTs()).matches("\\d{10}\\.\\d{6}");
      assertThat(first.getMessage().getText()).isEqualTo("hello");
      assertThat(first.getMessage().getBlocks()).hasSize(1);
      assertThat(Double.parseDouble(second.getTs()))
          .isGreaterThan(Double.parseDouble(first.getTs()));

      SlackCall call = fake.calls("chat.postMessage").get(0);
      assertThat(call.token()).isEqualTo(FakeSlack.DEFAULT_TOKEN);
      assertThat(call.params()).containsEntry("channel", "C1").containsEntry("text", "hello");
      assertThat(call.param("blocks").orElseThrow()).startsWith("[");
      assertThat(call.body().get("blocks").get(0).get("text").get("text").asText()).isEqualTo("hi");
      assertThat(call.at()).isEqualTo(clock.instant());
      assertThat(fake.messages("C1"))
          .extracting(FakeSlack.Message::text)
          .containsExactly("hello", "again");
    }

    @Test
    @DisplayName("chat.postMessage to a user id posts into the user's DM channel")
    void postToUser() throws Exception {
      fake.addUser(FakeSlack.User.of("U1", "alice"));

      var response = methods.chatPostMessage(r -> r.channel("U1").text("hi"));

      assertThat(response.getChannel()).isEqualTo(fake.dmChannel("U1")).startsWith("D");
      assertThat(fake.message(response.getChannel(), response.getTs())).isPresent();
    }

    @Test
    @DisplayName("chat.postMessage needs a channel, some text and at most 50 blocks")
    void postMessageValidation() throws Exception {
      assertThat(methods.chatPostMessage(r -> r.text("no channel")).getError())
          .isEqualTo("channel_not_found");
      assertThat(methods.chatPostMessage(r -> r.channel("C1")).getError()).isEqualTo("no_text");
      assertThat(
              methods
                  .chatPostMessage(r -> r.channel("C1").text("t").blocks(modal(51, "").getBlocks()))
                  .getError())
          .isEqualTo("invalid_blocks");
      assertThat(
              methods
                  .chatPostMessage(r -> r.channel("C1").text("t").blocks(modal(50, "").getBlocks()))
                  .isOk())
          .isTrue();
    }

    @Test
    @DisplayName("chat.update replaces the text and blocks of a posted message")
    void update() throws Exception {
      var posted = methods.chatPostMessage(r -> r.channel("C1").text("pending"));

      var updated =
          methods.chatUpdate(
              r ->
                  r.channel("C1")
                      .ts(posted.getTs())
                      .text("approved")
                      .blocks(asBlocks(section(s -> s.text(plainText("approved by bob"))))));

      assertThat(updated.isOk()).isTrue();
      assertThat(updated.getTs()).isEqualTo(posted.getTs());
      assertThat(updated.getMessage().getText()).isEqualTo("approved");
      FakeSlack.Message message = fake.message("C1", posted.getTs()).orElseThrow();
      assertThat(message.text()).isEqualTo("approved");
      assertThat(message.edits()).isEqualTo(1);
      assertThat(message.blocks().get(0).get("text").get("text").asText())
          .isEqualTo("approved by bob");
      assertThat(methods.chatUpdate(r -> r.channel("C1").ts("1.000001").text("x")).getError())
          .isEqualTo("message_not_found");
      assertThat(methods.chatUpdate(r -> r.ts(posted.getTs()).text("x")).getError())
          .isEqualTo("channel_not_found");
    }

    @Test
    @DisplayName("chat.postEphemeral answers a message_ts")
    void ephemeral() throws Exception {
      var response = methods.chatPostEphemeral(r -> r.channel("C1").user("U1").text("only you"));

      assertThat(response.isOk()).isTrue();
      assertThat(response.getMessageTs()).matches("\\d{10}\\.\\d{6}");
      assertThat(fake.lastCall("chat.postEphemeral").orElseThrow().params())
          .containsEntry("user", "U1");
    }

    @Test
    @DisplayName("conversations.open answers one stable D channel per user")
    void conversationsOpen() throws Exception {
      var first = methods.conversationsOpen(r -> r.users(List.of("U1")));
      var again = methods.conversationsOpen(r -> r.users(List.of("U1")));
      var other = methods.conversationsOpen(r -> r.users(List.of("U2")));

      assertThat(first.getChannel().getId()).startsWith("D").isEqualTo(again.getChannel().getId());
      assertThat(again.isAlreadyOpen()).isTrue();
      assertThat(other.getChannel().getId())
          .startsWith("D")
          .isNotEqualTo(first.getChannel().getId());
    }
  }

  @Nested
  class History {
    @Test
    @DisplayName(
        "conversations.history returns a channel's messages newest first, with their metadata only"
            + " when include_all_metadata")
    void metadata() throws Exception {
      Message.Metadata md = new Message.Metadata("jit_notification", Map.of("key", "r/1/pending"));
      methods.chatPostMessage(r -> r.channel("C1").text("first").metadata(md));
      methods.chatPostMessage(r -> r.channel("C1").text("second"));

      var plain = methods.conversationsHistory(r -> r.channel("C1"));
      var full = methods.conversationsHistory(r -> r.channel("C1").includeAllMetadata(true));

      assertThat(plain.getMessages())
          .extracting(Message::getText)
          .containsExactly("second", "first");
      assertThat(plain.getMessages()).allSatisfy(m -> assertThat(m.getMetadata()).isNull());
      Message first = full.getMessages().get(1);
      assertThat(first.getMetadata().getEventType()).isEqualTo("jit_notification");
      assertThat(first.getMetadata().getEventPayload()).containsEntry("key", "r/1/pending");
      assertThat(fake.messages("C1").get(0).metadata()).isPresent();
      assertThat(
              methods
                  .chatPostMessage(r -> r.channel("C1").text("x").metadataAsString("[]"))
                  .getError())
          .isEqualTo("invalid_metadata_format");
    }

    @Test
    @DisplayName("conversations.history pages by limit and cursor, bounded by oldest and latest")
    void paging() throws Exception {
      List<String> ts = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        int n = i;
        ts.add(methods.chatPostMessage(r -> r.channel("C1").text("m" + n)).getTs());
      }

      var page1 = methods.conversationsHistory(r -> r.channel("C1").limit(2));
      var page2 =
          methods.conversationsHistory(
              r -> r.channel("C1").limit(2).cursor(page1.getResponseMetadata().getNextCursor()));
      var bounded =
          methods.conversationsHistory(r -> r.channel("C1").oldest(ts.get(1)).latest(ts.get(4)));

      assertThat(page1.getMessages()).extracting(Message::getText).containsExactly("m4", "m3");
      assertThat(page1.isHasMore()).isTrue();
      assertThat(page2.getMessages()).extracting(Message::getText).containsExactly("m2", "m1");
      assertThat(bounded.getMessages()).extracting(Message::getText).containsExactly("m3", "m2");
      assertThat(methods.conversationsHistory(r -> r).getError()).isEqualTo("channel_not_found");
      String dm = methods.conversationsOpen(r -> r.users(List.of("U7"))).getChannel().getId();
      assertThat(methods.conversationsHistory(r -> r.channel(dm)).getMessages()).isEmpty();
    }

    @Test
    @DisplayName(
        "serverErrorNext answers HTTP 5xx the given number of times; the call has no effect")
    void serverError() throws Exception {
      fake.serverErrorNext("chat.postMessage", 1, 503);

      assertThatThrownBy(() -> methods.chatPostMessage(r -> r.channel("C1").text("lost")))
          .isInstanceOfSatisfying(
              SlackApiException.class, e -> assertThat(e.getResponse().code()).isEqualTo(503));
      assertThat(methods.chatPostMessage(r -> r.channel("C1").text("kept")).isOk()).isTrue();
      assertThat(fake.messages("C1")).extracting(FakeSlack.Message::text).containsExactly("kept");
    }
  }

  @Nested
  class Views {
    @Test
    @DisplayName(
        "views.open exchanges an issued trigger_id once for a view id; views.update changes that view")
    void openAndUpdate() throws Exception {
      String trigger = fake.issueTriggerId();

      ViewsOpenResponse opened =
          methods.viewsOpen(r -> r.triggerId(trigger).view(modal(2, "{\"r\":1}")));
      assertThat(opened.isOk()).isTrue();
      String viewId = opened.getView().getId();
      assertThat(opened.getView().getPrivateMetadata()).isEqualTo("{\"r\":1}");
      assertThat(fake.view(viewId).orElseThrow().get("callback_id").asText()).isEqualTo("request");
      assertThat(methods.viewsOpen(r -> r.triggerId(trigger).view(modal(1, ""))).getError())
          .isEqualTo("exchanged_trigger_id");

      var updated = methods.viewsUpdate(r -> r.viewId(viewId).view(modal(3, "{\"r\":2}")));
      assertThat(updated.isOk()).isTrue();
      assertThat(updated.getView().getId()).isEqualTo(viewId);
      assertThat(fake.view(viewId).orElseThrow().get("blocks")).hasSize(3);
      assertThat(
              methods
                  .viewsUpdate(r -> r.viewId(viewId).hash("stale").view(modal(1, "")))
                  .getError())
          .isEqualTo("hash_conflict");
      assertThat(methods.viewsUpdate(r -> r.viewId("V404").view(modal(1, ""))).getError())
          .isEqualTo("not_found");
    }

    @Test
    @DisplayName(
        "a trigger_id expires 3 s after it was issued, by the fake's clock; unknown ones are invalid")
    void expiry() throws Exception {
      String young = fake.issueTriggerId();
      clock.advance(Duration.ofMillis(2999));
      assertThat(methods.viewsOpen(r -> r.triggerId(young).view(modal(1, ""))).isOk()).isTrue();

      String old = fake.issueTriggerId();
      clock.advance(Duration.ofSeconds(3));
      assertThat(methods.viewsOpen(r -> r.triggerId(old).view(modal(1, ""))).getError())
          .isEqualTo("expired_trigger_id");
      assertThat(methods.viewsOpen(r -> r.triggerId("1.2.3").view(modal(1, ""))).getError())
          .isEqualTo("invalid_trigger_id");
    }

    @Test
    @DisplayName("views allow 100 blocks and 3000 characters of private_metadata")
    void viewLimits() throws Exception {
      assertThat(
              methods
                  .viewsOpen(r -> r.triggerId(fake.issueTriggerId()).view(modal(101, "")))
                  .getError())
          .isEqualTo("invalid_blocks");
      assertThat(
              methods
                  .viewsOpen(
                      r -> r.triggerId(fake.issueTriggerId()).view(modal(1, "x".repeat(3001))))
                  .getError())
          .isEqualTo("invalid_arguments");
      assertThat(
              methods
                  .viewsOpen(
                      r -> r.triggerId(fake.issueTriggerId()).view(modal(100, "x".repeat(3000))))
                  .isOk())
          .isTrue();
    }

    @Test
    @DisplayName("views.publish stores the App Home view per user and honours the hash")
    void publish() throws Exception {
      View home = View.builder().type("home").blocks(modal(2, "").getBlocks()).build();

      var first = methods.viewsPublish(r -> r.userId("U1").view(home));
      assertThat(first.isOk()).isTrue();
      assertThat(fake.homeView("U1").orElseThrow().get("blocks")).hasSize(2);
      assertThat(fake.homeView("U2")).isEmpty();

      var second =
          methods.viewsPublish(
              r ->
                  r.userId("U1")
                      .hash(first.getView().getHash())
                      .view(View.builder().type("home").blocks(List.of()).build()));
      assertThat(second.isOk()).isTrue();
      assertThat(second.getView().getId()).isEqualTo(first.getView().getId());
      assertThat(methods.viewsPublish(r -> r.userId("U1").hash("old").view(home)).getError())
          .isEqualTo("hash_conflict");
    }
  }

  @Nested
  class People {
    @Test
    @DisplayName("users.info and users.lookupByEmail answer registered users with their flags")
    void users() throws Exception {
      fake.addUser(
          FakeSlack.User.of("U1", "alice").withRealName("Alice A").withEmail("alice@example.com"));
      fake.addUser(FakeSlack.User.of("U2", "gone").withDeleted(true).withRestricted(true));
      fake.addUser(FakeSlack.User.of("U3", "guest").withUltraRestricted(true));
      fake.addUser(FakeSlack.User.of("B1", "robot").withBot(true));

      var alice = methods.usersInfo(r -> r.user("U1")).getUser();
      assertThat(alice.getName()).isEqualTo("alice");
      assertThat(alice.getRealName()).isEqualTo("Alice A");
      assertThat(alice.getProfile().getEmail()).isEqualTo("alice@example.com");
      assertThat(alice.isDeleted()).isFalse();
      var gone = methods.usersInfo(r -> r.user("U2")).getUser();
      assertThat(gone.isDeleted()).isTrue();
      assertThat(gone.isRestricted()).isTrue();
      assertThat(methods.usersInfo(r -> r.user("U3")).getUser().isUltraRestricted()).isTrue();
      assertThat(methods.usersInfo(r -> r.user("B1")).getUser().isBot()).isTrue();
      assertThat(methods.usersInfo(r -> r.user("U404")).getError()).isEqualTo("user_not_found");

      assertThat(methods.usersLookupByEmail(r -> r.email("ALICE@example.com")).getUser().getId())
          .isEqualTo("U1");
      assertThat(methods.usersLookupByEmail(r -> r.email("nobody@example.com")).getError())
          .isEqualTo("users_not_found");
    }

    @Test
    @DisplayName(
        "usergroups.users.list answers registered members, or plan_upgrade_required on a free plan")
    void groups() throws Exception {
      fake.addGroup("S1", Set.of("U2", "U1"));

      assertThat(methods.usergroupsUsersList(r -> r.usergroup("S1")).getUsers())
          .containsExactly("U1", "U2");
      assertThat(methods.usergroupsUsersList(r -> r.usergroup("S404")).getError())
          .isEqualTo("no_such_subteam");
      fake.freePlan(true);
      assertThat(methods.usergroupsUsersList(r -> r.usergroup("S1")).getError())
          .isEqualTo("plan_upgrade_required");
    }
  }

  @Nested
  class Failures {
    @Test
    @DisplayName(
        "failNext answers ok:false with the error the given number of times, then serves again")
    void failNext() throws Exception {
      fake.failNext("chat.postMessage", 2, "fatal_error");

      assertThat(methods.chatPostMessage(r -> r.channel("C1").text("1")).getError())
          .isEqualTo("fatal_error");
      assertThat(methods.chatPostMessage(r -> r.channel("C1").text("2")).getError())
          .isEqualTo("fatal_error");
      assertThat(methods.chatPostMessage(r -> r.channel("C1").text("3")).isOk()).isTrue();
      assertThat(fake.calls("chat.postMessage"))
          .extracting(SlackCall::ok)
          .containsExactly(false, false, true);
      assertThat(fake.messages("C1")).extracting(FakeSlack.Message::text).containsExactly("3");
    }

    @Test
    @DisplayName(
        "rateLimitNext answers HTTP 429 with Retry-After; the sync SDK client throws and does not retry")
    void rateLimit() throws Exception {
      fake.rateLimitNext("chat.update", 1, 7);

      assertThatThrownBy(() -> methods.chatUpdate(r -> r.channel("C1").ts("1.000001").text("x")))
          .isInstanceOfSatisfying(
              SlackApiException.class,
              e -> {
                assertThat(e.getResponse().code()).isEqualTo(429);
                assertThat(e.getResponse().header("Retry-After")).isEqualTo("7");
                assertThat(e.getError().getError()).isEqualTo("ratelimited");
              });
      assertThat(fake.calls("chat.update")).hasSize(1);
      assertThat(fake.calls("chat.update").get(0).outcome()).isEqualTo("ratelimited");
      assertThat(methods.chatUpdate(r -> r.channel("C1").ts("1.000001").text("x")).getError())
          .isEqualTo("message_not_found");
    }

    @Test
    @DisplayName("delay holds the answer back for the given latency")
    void delay() throws Exception {
      // Long enough that the undelayed call cannot plausibly take as long, even on a busy machine.
      Duration latency = Duration.ofSeconds(1);
      fake.delay("auth.test", latency);

      long start = System.nanoTime();
      assertThat(methods.authTest(r -> r).isOk()).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(latency);

      fake.delay("auth.test", Duration.ZERO);
      start = System.nanoTime();
      methods.authTest(r -> r);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(latency);
    }

    @Test
    @DisplayName("reset forgets calls, injections, users and messages")
    void reset() throws Exception {
      fake.addUser(FakeSlack.User.of("U1", "alice"));
      fake.failNext("users.info", 5, "fatal_error");
      methods.chatPostMessage(r -> r.channel("C1").text("hi"));

      fake.reset();

      assertThat(fake.calls()).isEmpty();
      assertThat(fake.messages("C1")).isEmpty();
      assertThat(methods.usersInfo(r -> r.user("U1")).getError()).isEqualTo("user_not_found");
    }
  }

  @Nested
  class Recording {
    @Test
    @DisplayName("awaitCall returns the matching call made from another thread")
    void awaitCall() {
      CompletableFuture<?> app =
          CompletableFuture.runAsync(
              () -> {
                try {
                  methods.chatPostMessage(r -> r.channel("C1").text("not this"));
                  methods.chatPostMessage(r -> r.channel("C1").text("this"));
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });

      SlackCall call =
          fake.awaitCall(
              "chat.postMessage",
              c -> c.param("text").orElse("").equals("this"),
              Duration.ofSeconds(5));

      assertThat(call.params()).containsEntry("channel", "C1");
      app.join();
    }

    @Test
    @DisplayName("awaitCall fails with the calls it saw when none matches in time")
    void awaitCallTimesOut() throws Exception {
      methods.chatPostMessage(r -> r.channel("C1").text("other"));

      assertThatThrownBy(
              () ->
                  fake.awaitCall(
                      "chat.postMessage",
                      c -> c.params().containsKey("thread_ts"),
                      Duration.ofMillis(100)))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("other");
    }

    @Test
    @DisplayName("a JSON body is recorded with its top-level members as params and parsed as body")
    void jsonBody() throws Exception {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(fake.apiUrl() + "chat.postMessage"))
                      .header("Authorization", "Bearer " + FakeSlack.DEFAULT_TOKEN)
                      .header("Content-Type", "application/json; charset=utf-8")
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"channel\":\"C9\",\"text\":\"json\",\"unfurl_links\":false,"
                                  + "\"blocks\":[{\"type\":\"divider\"}]}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());

      assertThat(response.body()).contains("\"ok\":true");
      SlackCall call = fake.lastCall("chat.postMessage").orElseThrow();
      assertThat(call.params())
          .containsEntry("channel", "C9")
          .containsEntry("unfurl_links", "false")
          .containsEntry("blocks", "[{\"type\":\"divider\"}]");
      JsonNode blocks = call.body().get("blocks");
      assertThat(blocks.get(0).get("type").asText()).isEqualTo("divider");

      assertThat(fake.messages("C9").get(0).blocks()).hasSize(1);
    }
  }

  private HttpResponse<String> rawPost(String method, String form, String token) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(fake.apiUrl() + method))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
