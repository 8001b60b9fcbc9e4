package dev.jit.core.internal;

import dev.jit.core.Durations;
import dev.jit.core.TextRules;
import dev.jit.core.policy.ResourcePolicy;
import dev.jit.spi.AccessRequest;
import java.time.Duration;
import java.util.Optional;

/** Checks of free text people type, and the sentences the engine answers with. */
public final class Texts {
  private Texts() {}

  public static Optional<String> checkText(String text, int min, int max) {
    int length = text.codePointCount(0, text.length());
    if (length < min) {
      return Optional.of("must be at least " + min + " characters.");
    }
    if (length > max) {
      return Optional.of("must be at most " + max + " characters.");
    }
    boolean control = TextRules.hasInvisibleCharacters(text);
    return control
        ? Optional.of("must not contain control or invisible formatting characters.")
        : Optional.empty();
  }

  public static String durationMessage(ResourcePolicy rp, Duration asked) {
    if (asked.compareTo(rp.maxDuration()) > 0) {
      return human(asked)
          + " is longer than the maximum of "
          + human(rp.maxDuration())
          + " for "
          + rp.id()
          + ".";
    }
    return human(asked)
        + " is not one of the durations offered for "
        + rp.id()
        + ": "
        + rp.durations().stream().map(Texts::human).toList()
        + ".";
  }

  public static String human(Duration d) {
    return Durations.format(d);
  }

  public static String describe(AccessRequest r) {
    return r.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
  }

  public static String messageFor(AccessRequest r) {
    switch (r.status()) {
      case PENDING:
        return "Approval recorded: " + r.approvals().size() + " of " + r.requiredApprovals() + ".";
      case ACTIVE:
        return "Access granted until " + r.expiresAt().orElseThrow() + ".";
      default:
        return "The request is now "
            + describe(r)
            + (r.reason().isEmpty() ? "." : ": " + r.reason());
    }
  }
}
