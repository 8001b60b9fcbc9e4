package dev.jit.core;

import dev.jit.spi.BreakGlass;
import dev.jit.spi.IdempotencyKey;
import dev.jit.spi.RequestId;
import dev.jit.spi.ResourceId;
import dev.jit.spi.RoleName;
import dev.jit.spi.UserId;
import java.time.Duration;
import java.util.Objects;

/**
 * What people ask the engine to do. Every command carries an idempotency key: repeating a key is a
 * no-op that returns the first outcome. Approval timeouts and expiries are not commands: the
 * engine's timers and sweeps drive them ({@link JitEngine#onTimer}, {@link JitEngine#sweep}).
 */
public sealed interface Command {
  IdempotencyKey key();

  /** A command about an existing request, which the {@link Decider} decides. */
  sealed interface OnRequest extends Command {
    RequestId requestId();

    /** Who asks: the approver, the requester or the revoker. */
    UserId actor();
  }

  /** Ask for {@code role} on {@code resource} for {@code duration}. */
  record Submit(
      UserId requester,
      ResourceId resource,
      RoleName role,
      Duration duration,
      String justification,
      String ticket,
      IdempotencyKey key)
      implements Command {
    public Submit {
      Objects.requireNonNull(requester, "requester");
      Objects.requireNonNull(resource, "resource");
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(duration, "duration");
      Objects.requireNonNull(justification, "justification");
      Objects.requireNonNull(ticket, "ticket");
      Objects.requireNonNull(key, "key");
    }
  }

  /** An owner says yes. */
  record Approve(RequestId requestId, UserId approver, IdempotencyKey key) implements OnRequest {
    @Override
    public UserId actor() {
      return approver;
    }

    public Approve {
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(approver, "approver");
      Objects.requireNonNull(key, "key");
    }
  }

  /** An owner says no; one eligible no ends the request. */
  record Deny(RequestId requestId, UserId approver, String reason, IdempotencyKey key)
      implements OnRequest {
    @Override
    public UserId actor() {
      return approver;
    }

    public Deny {
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(approver, "approver");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(key, "key");
    }
  }

  /** The requester withdraws a pending request. */
  record Cancel(RequestId requestId, UserId requester, IdempotencyKey key) implements OnRequest {
    @Override
    public UserId actor() {
      return requester;
    }

    public Cancel {
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(requester, "requester");
      Objects.requireNonNull(key, "key");
    }
  }

  /** The requester or an admin ends active access before it expires. */
  record Revoke(RequestId requestId, UserId actor, IdempotencyKey key) implements OnRequest {
    public Revoke {
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(key, "key");
    }
  }

  /**
   * Emergency access: {@code role} on {@code resource} now, without the owners' quorum, where the
   * role's policy allows break-glass. {@code incident} says what is happening; owners and the
   * security channel are told, and an owner must review the use afterwards.
   */
  record InvokeBreakGlass(
      UserId requester,
      ResourceId resource,
      RoleName role,
      Duration duration,
      String incident,
      String ticket,
      IdempotencyKey key)
      implements Command {
    public InvokeBreakGlass {
      Objects.requireNonNull(requester, "requester");
      Objects.requireNonNull(resource, "resource");
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(duration, "duration");
      Objects.requireNonNull(incident, "incident");
      Objects.requireNonNull(ticket, "ticket");
      Objects.requireNonNull(key, "key");
    }

    /** The same ask as an ordinary submission, for the checks both share. */
    public Submit asSubmit() {
      return new Submit(requester, resource, role, duration, incident, ticket, key);
    }
  }

  /** An owner marks a break-glass use justified or not, with a comment. */
  record Review(
      RequestId requestId,
      UserId reviewer,
      BreakGlass.Verdict verdict,
      String comment,
      IdempotencyKey key)
      implements OnRequest {
    @Override
    public UserId actor() {
      return reviewer;
    }

    public Review {
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(reviewer, "reviewer");
      Objects.requireNonNull(verdict, "verdict");
      Objects.requireNonNull(comment, "comment");
      Objects.requireNonNull(key, "key");
    }
  }

  /** The holder of active access asks for {@code by} more, before it ends. */
  record Extend(RequestId requestId, UserId requester, Duration by, IdempotencyKey key)
      implements OnRequest {
    @Override
    public UserId actor() {
      return requester;
    }

    public Extend {
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(requester, "requester");
      Objects.requireNonNull(by, "by");
      Objects.requireNonNull(key, "key");
    }
  }

  /** An owner says yes to the pending extension. */
  record ApproveExtension(RequestId requestId, UserId approver, IdempotencyKey key)
      implements OnRequest {
    @Override
    public UserId actor() {
      return approver;
    }

    public ApproveExtension {
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(approver, "approver");
      Objects.requireNonNull(key, "key");
    }
  }

  /** An owner says no to the pending extension; the original expiry stands. */
  record DenyExtension(RequestId requestId, UserId approver, String reason, IdempotencyKey key)
      implements OnRequest {
    @Override
    public UserId actor() {
      return approver;
    }

    public DenyExtension {
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(approver, "approver");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(key, "key");
    }
  }
}
