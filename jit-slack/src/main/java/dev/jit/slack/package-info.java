/**
 * The Slack user interface of jit, as pure renderers: engine snapshots and policy in, Block Kit
 * surfaces out ({@link dev.jit.slack.RequestModal}, {@link dev.jit.slack.ApprovalMessage}, {@link
 * dev.jit.slack.RequesterMessages}, {@link dev.jit.slack.AppHome}, {@link dev.jit.slack.Surfaces}).
 * Every id a handler matches on is a constant of {@link dev.jit.slack.SlackIds}. User-supplied text
 * only ever reaches mrkdwn through {@link dev.jit.slack.Mrkdwn}. {@code dev.jit.slack.internal} is
 * not API.
 */
package dev.jit.slack;
