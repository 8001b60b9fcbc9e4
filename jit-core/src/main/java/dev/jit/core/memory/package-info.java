/**
 * In-memory implementations of every SPI but the owner resolver: thread-safe, not durable, meant
 * for tests (the engine's and embedders') and for trying jit out. Each passes its contract in
 * jit-test-kit; the test doubles among them ({@link dev.jit.core.memory.InMemoryGrantBackend},
 * {@link dev.jit.core.memory.InMemoryDirectory}, {@link dev.jit.core.memory.RecordingNotifier})
 * also record calls and inject faults.
 */
package dev.jit.core.memory;
