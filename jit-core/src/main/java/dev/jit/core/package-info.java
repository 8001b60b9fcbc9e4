/**
 * The jit engine: {@link dev.jit.core.JitEngine} runs commands through the {@link
 * dev.jit.core.Lifecycle} state machine. Policy lives in {@code dev.jit.core.policy}, the audit
 * verifier in {@code dev.jit.core.audit}, in-memory implementations of every SPI in {@code
 * dev.jit.core.memory}; {@code dev.jit.core.internal} is not API.
 */
package dev.jit.core;
