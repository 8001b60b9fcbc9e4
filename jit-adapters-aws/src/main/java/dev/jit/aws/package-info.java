/**
 * Grant backends for AWS: {@code aws-sso} (IAM Identity Center account assignments) and {@code
 * aws-iam-policy} (self-expiring inline policies on IAM users or roles), through the AWS SDK for
 * Java v2. Configuration records, backends and factories live here; SDK plumbing is in {@code
 * dev.jit.aws.internal}.
 */
package dev.jit.aws;
