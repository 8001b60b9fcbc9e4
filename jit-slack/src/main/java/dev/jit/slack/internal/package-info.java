/** Helpers of the Slack renderers; not API. */
package dev.jit.slack.internal;
