/**
 * One reusable fake Slack for tests, instead of per-test mocks.
 *
 * <pre>{@code
 * try (FakeSlack slack = FakeSlack.start()) {
 *   SlackConfig config = new SlackConfig();
 *   config.setMethodsEndpointUrlPrefix(slack.apiUrl());
 *   config.getMethodsConfig().setStatsEnabled(false); // else the SDK calls auth.test before a token's first call
 *   // ... start the app under test with config and FakeSlack.DEFAULT_TOKEN ...
 *   SlackClient user = new SlackClient(appUrl, signingSecret, Clock.systemUTC(), slack);
 *   user.slashCommand("/jit", "request prod-db", "U1", "C1");
 *   SlackCall open = slack.awaitCall("views.open", Duration.ofSeconds(3));
 * }
 * }</pre>
 *
 * <p>Socket Mode instead of HTTP: the app connects with the fake's app-level token, and the same
 * client delivers the same payloads as envelopes on that connection, answering with the app's ack.
 *
 * <pre>{@code
 * SocketModeApp socket = SlackSocketMode.start(slack.appToken(), app); // app built on config above
 * SlackClient user = SlackClient.overSocketMode(Clock.systemUTC(), slack);
 * user.slashCommand("/jit", "request prod-db", "U1", "C1");
 * slack.socketMode().disconnect(SocketModeServer.REFRESH_REQUESTED); // the client reconnects
 * }</pre>
 *
 * <p>{@link dev.jit.slack.testkit.FakeSlack} is the Web API side (the app calls it) with its {@link
 * dev.jit.slack.testkit.SocketModeServer} (the app connects to it); {@link
 * dev.jit.slack.testkit.SlackClient} is the user side (it calls the app, signed as Slack signs, or
 * delivers envelopes).
 */
package dev.jit.slack.testkit;
