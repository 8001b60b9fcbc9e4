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
 * <p>{@link dev.jit.slack.testkit.FakeSlack} is the Web API side (the app calls it); {@link
 * dev.jit.slack.testkit.SlackClient} is the user side (it calls the app, signed as Slack signs).
 */
package dev.jit.slack.testkit;
