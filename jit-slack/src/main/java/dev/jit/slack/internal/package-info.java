/**
 * The Bolt listeners, one class per surface (request modal, decisions, App Home) over the shared
 * {@link dev.jit.slack.internal.Replies}, and helpers of the renderers; not API.
 */
package dev.jit.slack.internal;
