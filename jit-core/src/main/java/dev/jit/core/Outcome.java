package dev.jit.core;

import dev.jit.spi.AccessRequest;
import dev.jit.spi.RequestStatus;
import java.util.Objects;
import java.util.Optional;

/**
 * What a command did.
 *
 * @param status the state the command committed (an approval that completes the quorum commits
 *     {@code APPROVED}, whatever the grant that follows does); for a {@link Result#DUPLICATE}, the
 *     state the first command with that key committed; for a rejection, the state the request is in
 * @param request the request as it stands now, after any work the command set off (a grant, a
 *     revocation)
 * @param message one sentence for the person who issued the command
 */
public record Outcome(
    Result result,
    Optional<Rejection> rejection,
    Optional<RequestStatus> status,
    Optional<AccessRequest> request,
    String message) {

  public Outcome {
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(rejection, "rejection");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(message, "message");
  }

  /** How the command ended. */
  public enum Result {
    /** The command changed the request. */
    ACCEPTED,
    /** The key was seen before; nothing changed. */
    DUPLICATE,
    /** The command was refused; nothing changed. */
    REJECTED
  }

  public static Outcome accepted(RequestStatus committed, AccessRequest now, String message) {
    return new Outcome(
        Result.ACCEPTED, Optional.empty(), Optional.of(committed), Optional.of(now), message);
  }

  public static Outcome duplicate(AccessRequest request, RequestStatus first) {
    return new Outcome(
        Result.DUPLICATE,
        Optional.empty(),
        Optional.of(first),
        Optional.of(request),
        "Already handled: this action was applied before.");
  }

  public static Outcome rejected(Rejection why, Optional<AccessRequest> request, String message) {
    return new Outcome(
        Result.REJECTED, Optional.of(why), request.map(AccessRequest::status), request, message);
  }

  public boolean accepted() {
    return result == Result.ACCEPTED;
  }

  /** The request, for outcomes that have one. */
  public AccessRequest requireRequest() {
    return request.orElseThrow(() -> new IllegalStateException("no request: " + message));
  }
}
