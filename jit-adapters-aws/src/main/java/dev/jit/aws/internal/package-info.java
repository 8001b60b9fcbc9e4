/** SDK plumbing of the AWS backends (clients, rate limit, error classes); not API. */
package dev.jit.aws.internal;
