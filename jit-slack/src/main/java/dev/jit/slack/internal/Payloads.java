package dev.jit.slack.internal;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.model.view.View;
import com.slack.api.model.view.ViewState;
import dev.jit.spi.IdempotencyKey;
import dev.jit.spi.RequestId;
import dev.jit.spi.ResourceId;
import dev.jit.spi.RoleName;
import dev.jit.spi.UserId;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Reading what Slack sent: ids, the click's origin, idempotency keys. Pure. */
final class Payloads {
  private Payloads() {}

  /**
   * {@code verb:user:discriminator}: the discriminator is the click's {@code action_ts} or the
   * submitted view's id, which Slack repeats when it redelivers the same payload.
   */
  static IdempotencyKey key(String verb, UserId user, String discriminator) {
    String d = discriminator == null || discriminator.isBlank() ? "none" : discriminator;
    return new IdempotencyKey(verb + ":" + user.value() + ":" + d);
  }

  static Optional<RequestId> requestId(String value) {
    return parse(value, RequestId::new);
  }

  static Optional<ResourceId> resourceId(String value) {
    return parse(value, ResourceId::new);
  }

  static Optional<RoleName> roleName(String value) {
    return parse(value, RoleName::new);
  }

  /** Whether the click came from the App Home tab. */
  static boolean isHome(BlockActionPayload p) {
    return p.getView() != null && "home".equals(p.getView().getType());
  }

  /** The channel of the message the click came from, if it came from a message. */
  static Optional<String> messageChannel(BlockActionPayload p) {
    if (p.getContainer() != null
        && "message".equals(p.getContainer().getType())
        && p.getContainer().getChannelId() != null) {
      return Optional.of(p.getContainer().getChannelId());
    }
    return Optional.empty();
  }

  /** A view's input values by block id and action id; empty when it has none. */
  static Map<String, Map<String, ViewState.Value>> state(View view) {
    return view.getState() == null ? Map.of() : view.getState().getValues();
  }

  private static <T> Optional<T> parse(String value, Function<String, T> make) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(make.apply(value));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
