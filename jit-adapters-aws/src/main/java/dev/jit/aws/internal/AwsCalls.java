package dev.jit.aws.internal;

import dev.jit.spi.BackendException;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ApiName;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Every AWS call of one backend instance: takes a rate-limit permit, tags the user agent with
 * {@code jit/<requestId>} (so CloudTrail shows which request caused a change) and turns SDK
 * failures into {@link BackendException}s with the retry class of backends.md §0.
 */
public final class AwsCalls {
  private static final Set<String> RETRYABLE =
      Set.of(
          "ThrottlingException",
          "Throttling",
          "TooManyRequestsException",
          "RequestLimitExceeded",
          "InternalServerException",
          "InternalFailure",
          "ServiceFailure",
          "ServiceUnavailable",
          "ConflictException",
          "ConcurrentModification",
          "EntityTemporarilyUnmodifiable");
  private static final Set<String> NOT_FOUND = Set.of("ResourceNotFoundException", "NoSuchEntity");

  private final String backend;
  private final TokenBucket bucket;

  public AwsCalls(String backend, TokenBucket bucket) {
    this.backend = backend;
    this.bucket = bucket;
  }

  /** The per-request override that adds {@code jit/<requestId>} to the user agent. */
  public static AwsRequestOverrideConfiguration tag(String requestId) {
    return AwsRequestOverrideConfiguration.builder()
        .addApiName(ApiName.builder().name("jit").version(requestId).build())
        .build();
  }

  /** Runs one call; failures become {@link BackendException}s naming {@code what}. */
  public <T> T call(String what, Supplier<T> call) {
    bucket.acquire(backend + ": " + what);
    try {
      return call.get();
    } catch (SdkException e) {
      throw failure(what, e);
    }
  }

  /** Whether a failure of {@link #call} was the platform's "no such resource". */
  public static boolean notFound(BackendException e) {
    return e.getCause() instanceof AwsServiceException s && NOT_FOUND.contains(code(s));
  }

  /** The platform's error code behind a failure of {@link #call}, or empty. */
  public static String code(BackendException e) {
    return e.getCause() instanceof AwsServiceException s ? code(s) : "";
  }

  private BackendException failure(String what, SdkException e) {
    if (e instanceof AwsServiceException s) {
      String code = code(s);
      boolean retryable =
          s.isThrottlingException() || s.statusCode() >= 500 || RETRYABLE.contains(code);
      String message =
          s.awsErrorDetails() == null ? "" : String.valueOf(s.awsErrorDetails().errorMessage());
      return new BackendException(
          backend + ": " + what + " failed: " + code + " (HTTP " + s.statusCode() + "): " + message,
          retryable,
          e);
    }
    // Client side: I/O, timeouts, unreadable answers, missing credentials. Retrying may help.
    return new BackendException(backend + ": " + what + " failed: " + e.getMessage(), true, e);
  }

  private static String code(AwsServiceException s) {
    return s.awsErrorDetails() == null || s.awsErrorDetails().errorCode() == null
        ? ""
        : s.awsErrorDetails().errorCode();
  }
}
