package dev.jit.core;

import dev.jit.core.Lifecycle.Amendment;
import dev.jit.core.Lifecycle.ExtensionApproved;
import dev.jit.core.Lifecycle.ExtensionEnded;
import dev.jit.core.Lifecycle.ExtensionRequested;
import dev.jit.core.Lifecycle.ReviewOverdue;
import dev.jit.core.Lifecycle.Reviewed;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.BreakGlass;
import dev.jit.spi.Extension;
import java.time.Instant;
import java.util.Optional;

/**
 * {@link Lifecycle#evolve} for {@link Amendment}s: the next version, in the same status, with the
 * review or the extension recorded. The caller has checked the status allows it.
 */
final class Amendments {
  private Amendments() {}

  static AccessRequest apply(AccessRequest r, Amendment a, Instant at) {
    AccessRequest.Builder b = r.toBuilder().version(r.version() + 1);
    if (a instanceof Reviewed e) {
      BreakGlass bg = awaitingReview(r, a);
      b.breakGlass(Optional.of(bg.withReview(e.review())));
    } else if (a instanceof ReviewOverdue) {
      BreakGlass bg = awaitingReview(r, a);
      b.breakGlass(Optional.of(bg.escalated()));
    } else if (a instanceof ExtensionRequested e) {
      if (r.extension().isPresent()) {
        throw refused(r, a, "an extension is already pending");
      }
      b.extension(Optional.of(e.extension()));
    } else if (a instanceof ExtensionApproved e) {
      Extension x = r.extension().orElseThrow(() -> refused(r, a, "no extension is pending"));
      if (e.quorum()) {
        b.extension(Optional.empty())
            .expiresAt(Optional.of(r.expiresAt().orElseThrow().plus(x.by())))
            .extendedBy(r.extendedBy().plus(x.by()));
      } else {
        b.extension(
            Optional.of(x.withApprovals(Lifecycle.append(e.stillCounting(), e.approval()))));
      }
    } else if (a instanceof ExtensionEnded) {
      if (r.extension().isEmpty()) {
        throw refused(r, a, "no extension is pending");
      }
      b.extension(Optional.empty());
    } else {
      throw new IllegalArgumentException("unknown amendment " + a);
    }
    return b.build();
  }

  private static BreakGlass awaitingReview(AccessRequest r, Amendment a) {
    BreakGlass bg = r.breakGlass().orElseThrow(() -> refused(r, a, "not break-glass access"));
    if (!bg.awaitsReview()) {
      throw refused(r, a, "no review is awaited");
    }
    return bg;
  }

  private static IllegalStateTransitionException refused(AccessRequest r, Amendment a, String why) {
    return new IllegalStateTransitionException(r.status(), r.status(), a.action() + ": " + why);
  }
}
