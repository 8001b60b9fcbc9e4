/**
 * The Okta group-membership grant backend ({@code kind: okta-group}): {@link
 * dev.jit.okta.OktaGroupBackendFactory}, {@link dev.jit.okta.OktaGroupConfig}, {@link
 * dev.jit.okta.OktaGroupBackend}. Everything in {@code dev.jit.okta.internal} may change.
 */
package dev.jit.okta;
