package dev.jit.slack;

/**
 * What jit's Slack listeners count, for the embedder to turn into metrics (the reference app makes
 * Prometheus counters of them). Called on Bolt's and the executor's threads: implementations must
 * be thread-safe, fast and must not throw. Every method does nothing unless overridden.
 */
public interface SlackMetrics {
  /** Counts nothing. */
  SlackMetrics NONE = new SlackMetrics() {};

  /**
   * The engine refused a command a person gave in Slack (a non-owner approving, cancelling someone
   * else's request, a submission outside the policy). It is also logged at WARN by the engine.
   *
   * @param command the command, lower case: {@code approve}, {@code submit}, {@code cancel}, …
   * @param reason the engine's {@link dev.jit.core.Rejection}, e.g. {@code NOT_AN_APPROVER}
   */
  default void refused(String command, String reason) {}

  /**
   * Work after an ack could not be queued because the executor of {@link JitSlackConfig} refused it
   * (full); the person was told jit is busy, where Slack lets them be told.
   *
   * @param action what was asked: {@code approve}, {@code deny}, {@code home}, …
   */
  default void busy(String action) {}

  /**
   * A request to the Slack endpoint ({@link SlackHttpServer}) was refused before the app saw it.
   *
   * @param reason {@code method} (405), {@code too_large} (413), {@code too_slow} (408), {@code
   *     unreadable} (400), {@code signature} or {@code workspace} (401)
   */
  default void rejected(String reason) {}
}
