package dev.jit.spi;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;

/** Identifies one access request. */
public record RequestId(String value) implements Comparable<RequestId> {
  private static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9-]{1,64}");

  public RequestId {
    Ids.check("request id", value, PATTERN);
  }

  /**
   * The request id a submission with this idempotency key gets. Deriving it makes a repeated
   * submission land on the same request instead of creating a second one.
   */
  public static RequestId forKey(IdempotencyKey key) {
    return new RequestId(
        UUID.nameUUIDFromBytes(("jit-submit:" + key.value()).getBytes(StandardCharsets.UTF_8))
            .toString());
  }

  @Override
  public int compareTo(RequestId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
