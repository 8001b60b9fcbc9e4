package dev.jit.slack;

import dev.jit.core.Durations;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a requester entered in the {@link RequestModal}: raw values as Slack returned them, before
 * any check. The modal fills itself in from one when it is re-rendered.
 *
 * @param resource the selected option's value: a resource id
 * @param role the selected option's value: a role name
 * @param duration the selected option's value: a duration such as {@code PT1H}
 * @param justification as typed; empty when nothing was typed
 * @param ticket as typed; empty when nothing was typed
 */
public record RequestForm(
    Optional<String> resource,
    Optional<String> role,
    Optional<String> duration,
    String justification,
    String ticket) {
  private static final RequestForm EMPTY =
      new RequestForm(Optional.empty(), Optional.empty(), Optional.empty(), "", "");

  public RequestForm {
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(justification, "justification");
    Objects.requireNonNull(ticket, "ticket");
  }

  /** Nothing entered yet. */
  public static RequestForm empty() {
    return EMPTY;
  }

  /** The duration, when one was chosen and reads as one ({@link Durations#parse}). */
  public Optional<Duration> parsedDuration() {
    return duration.flatMap(Durations::parse);
  }
}
