package dev.jit.spi;

/**
 * Resolves who owns a resource: the people and groups who may approve access to it. jit-core ships
 * one that reads the policy catalog; an embedder can look owners up elsewhere (a CMDB, a service
 * catalog).
 *
 * <p>Thread-safe. Throws {@link JitException} when owners cannot be determined: the engine then
 * refuses to count approvals (it fails closed).
 */
public interface OwnerResolver {

  /** The approvers of {@code resource}. */
  Approvers approvers(ResourceId resource);
}
