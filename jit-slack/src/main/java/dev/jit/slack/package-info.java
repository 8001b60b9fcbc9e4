/**
 * The Slack user interface of jit.
 *
 * <p>Renderers are pure functions: engine snapshots and policy in, Block Kit surfaces out ({@link
 * dev.jit.slack.RequestModal}, {@link dev.jit.slack.ApprovalMessage}, {@link
 * dev.jit.slack.RequesterMessages}, {@link dev.jit.slack.AppHome}, {@link dev.jit.slack.Surfaces}).
 * Every id a handler matches on is a constant of {@link dev.jit.slack.SlackIds}. User-supplied text
 * only ever reaches mrkdwn through {@link dev.jit.slack.Mrkdwn}. What a requester entered is a
 * {@link dev.jit.slack.RequestForm}, checked by the engine's own rules ({@code
 * engine.submissionRules()} and the policy) before it is submitted.
 *
 * <p>The wiring: {@link dev.jit.slack.JitSlack#install} adds the handlers to an embedder's Bolt
 * app, {@link dev.jit.slack.SlackNotifier} posts and updates messages, {@link
 * dev.jit.slack.SlackDirectory} reads people and groups, {@link dev.jit.slack.SlackHttpServer}
 * serves the app with our own signature check, {@link dev.jit.slack.SlackSocketMode} runs it over
 * Socket Mode. {@code dev.jit.slack.internal} is not API: it holds the listeners, one class per
 * surface (request modal, decisions, App Home), and the form's parser and validator.
 */
package dev.jit.slack;
