/** A faithful enough Kubernetes API server for tests of jit's RBAC backend. */
package dev.jit.k8s.testkit;
