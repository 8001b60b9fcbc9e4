package dev.jit.slack.internal;

import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import dev.jit.slack.RateLimitRetry;
import dev.jit.spi.JitException;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;

/**
 * Runs one Web API call: retries HTTP 429 after {@code Retry-After} as {@link RateLimitRetry} says,
 * and turns every failure ({@code ok: false}, I/O, 429 after the last attempt) into a {@link
 * SlackFailure}. Thread-safe.
 */
public final class SlackCalls {
  private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

  private final RateLimitRetry retry;

  public SlackCalls(RateLimitRetry retry) {
    this.retry = Objects.requireNonNull(retry, "retry");
  }

  /** One Web API call. */
  @FunctionalInterface
  public interface Call<T extends SlackApiTextResponse> {
    T run() throws IOException, SlackApiException;
  }

  /** A Web API call that failed; {@link #error()} is Slack's error code when it gave one. */
  public static final class SlackFailure extends JitException {
    private static final long serialVersionUID = 1L;
    private final String error;

    public SlackFailure(String method, String error, Throwable cause) {
      super("Slack " + method + " failed: " + error, cause);
      this.error = error;
    }

    public String error() {
      return error;
    }
  }

  /**
   * The successful response.
   *
   * @throws SlackFailure when Slack answered an error or could not be reached
   */
  public <T extends SlackApiTextResponse> T call(String method, Call<T> call) {
    for (int attempt = 1; ; attempt++) {
      try {
        T response = call.run();
        if (response == null) {
          throw new SlackFailure(method, "no_response", null);
        }
        if (!response.isOk()) {
          throw new SlackFailure(method, String.valueOf(response.getError()), null);
        }
        return response;
      } catch (SlackApiException e) {
        if (e.getResponse() == null || e.getResponse().code() != 429) {
          throw new SlackFailure(method, "http_" + code(e), e);
        }
        if (attempt >= retry.maxAttempts()) {
          throw new SlackFailure(method, "ratelimited", e);
        }
        pause(method, retryAfter(e));
      } catch (IOException e) {
        throw new SlackFailure(method, "unreachable", e);
      }
    }
  }

  private void pause(String method, Duration wait) {
    try {
      retry.sleeper().sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SlackFailure(method, "interrupted", e);
    }
  }

  private Duration retryAfter(SlackApiException e) {
    String header = e.getResponse().header("Retry-After");
    Duration wait = DEFAULT_RETRY_AFTER;
    if (header != null) {
      try {
        wait = Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
      } catch (NumberFormatException ignored) {
        // a malformed header: keep the default
      }
    }
    return wait.compareTo(retry.maxWait()) > 0 ? retry.maxWait() : wait;
  }

  private static String code(SlackApiException e) {
    return e.getResponse() == null ? "?" : String.valueOf(e.getResponse().code());
  }
}
