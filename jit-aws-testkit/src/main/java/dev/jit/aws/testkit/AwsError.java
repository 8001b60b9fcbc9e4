package dev.jit.aws.testkit;

/** An error a fake service answers with; the dispatcher encodes it in the service's protocol. */
final class AwsError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  final int status;
  final String code;

  AwsError(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  static AwsError validation(String message) {
    return new AwsError(400, "ValidationException", message);
  }

  static AwsError notFound(String message) {
    return new AwsError(400, "ResourceNotFoundException", message);
  }
}
