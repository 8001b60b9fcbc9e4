/**
 * Contract tests for the jit SPI, one abstract JUnit 5 class per interface, and the helpers they
 * use ({@link dev.jit.testkit.MutableClock}, {@link dev.jit.testkit.SampleRequests}).
 *
 * <p>To test an implementation, subclass its contract and implement the factory method; the
 * contract's {@code @Nested} groups run against what it returns. Every implementation that ships
 * with jit does this, and embedders can do the same for their own.
 */
package dev.jit.testkit;
