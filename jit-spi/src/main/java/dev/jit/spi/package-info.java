/**
 * The service-provider interfaces of jit and the values that cross them.
 *
 * <p>Each interface is small and says its thread-safety, idempotency and failure contract.
 * Implementations: the in-memory ones in jit-core, JDBC in jit-adapters-jdbc, backends in the
 * jit-adapters-* modules. The contract tests every implementation must pass are in jit-test-kit.
 */
package dev.jit.spi;
