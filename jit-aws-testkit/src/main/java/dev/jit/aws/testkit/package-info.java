/**
 * A faithful local AWS for tests: {@link dev.jit.aws.testkit.FakeAws} serves IAM Identity Center
 * (sso-admin), the Identity Store, IAM and STS on 127.0.0.1 in their real wire protocols, so the
 * real AWS SDK talks to it through {@code endpointOverride}.
 */
package dev.jit.aws.testkit;
