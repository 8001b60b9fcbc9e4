/**
 * A faithful local Okta for tests: {@link dev.jit.okta.testkit.FakeOkta}, on the shared fake-HTTP
 * kit of {@code jit-http-testkit}.
 */
package dev.jit.okta.testkit;
