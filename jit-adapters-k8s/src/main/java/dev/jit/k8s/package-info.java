/** Kubernetes RBAC grant backend. */
package dev.jit.k8s;
