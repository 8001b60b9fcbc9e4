package dev.jit.slack;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks that a request comes from Slack: {@code X-Slack-Signature} must be {@code v0=} + hex
 * HMAC-SHA256 of {@code v0:{timestamp}:{raw body}} under the signing secret, compared in constant
 * time ({@link MessageDigest#isEqual}), and {@code X-Slack-Request-Timestamp} must lie within
 * {@link #MAX_SKEW} of now, in the past or the future (Bolt's own check compares with {@code
 * String.equals} and lets future timestamps through). Thread-safe.
 */
public final class SlackSignatureVerifier {
  /** How far a request's timestamp may be from now, either way. */
  public static final Duration MAX_SKEW = Duration.ofMinutes(5);

  private static final String VERSION = "v0";
  private static final String PREFIX = VERSION + "=";

  private final SecretKeySpec key;
  private final Clock clock;

  public SlackSignatureVerifier(String signingSecret, Clock clock) {
    Objects.requireNonNull(signingSecret, "signingSecret");
    if (signingSecret.isBlank()) {
      throw new IllegalArgumentException("the signing secret must not be blank");
    }
    this.key = new SecretKeySpec(signingSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Whether the request is Slack's. Missing or malformed headers are not.
   *
   * @param timestamp the {@code X-Slack-Request-Timestamp} header, if present
   * @param signature the {@code X-Slack-Signature} header, if present
   * @param rawBody the body exactly as received
   */
  public boolean verify(Optional<String> timestamp, Optional<String> signature, byte[] rawBody) {
    if (timestamp.isEmpty() || signature.isEmpty() || rawBody == null) {
      return false;
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestamp.get().trim());
    } catch (NumberFormatException e) {
      return false;
    }
    long now = clock.instant().getEpochSecond();
    long skew = MAX_SKEW.toSeconds();
    if (seconds < now - skew || seconds > now + skew) {
      return false;
    }
    String given = signature.get().trim();
    if (!given.startsWith(PREFIX)) {
      return false;
    }
    byte[] givenBytes;
    try {
      givenBytes = HexFormat.of().parseHex(given.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(mac(timestamp.get().trim(), rawBody), givenBytes);
  }

  private byte[] mac(String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update((VERSION + ":" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }
}
