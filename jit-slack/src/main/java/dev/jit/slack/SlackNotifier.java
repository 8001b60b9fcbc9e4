package dev.jit.slack;

import com.slack.api.methods.MethodsClient;
import dev.jit.core.policy.Policy;
import dev.jit.core.policy.ResourcePolicy;
import dev.jit.slack.internal.SlackCalls;
import dev.jit.slack.internal.SlackPosts;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.JitException;
import dev.jit.spi.MessageRef;
import dev.jit.spi.MessageRefStore;
import dev.jit.spi.Notification;
import dev.jit.spi.NotificationKind;
import dev.jit.spi.Notifier;
import dev.jit.spi.RequestStatus;
import dev.jit.spi.UserId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells people in Slack what the engine did.
 *
 * <ul>
 *   <li>{@link NotificationKind#PENDING}: posts the {@link ApprovalMessage} to the resource's
 *       {@code approvalChannel}, or as a direct message to each approver (the notification's
 *       recipients) when the policy names no channel, and remembers every message in the {@link
 *       MessageRefStore} under purpose {@value #APPROVAL}.
 *   <li>Every notification: updates every remembered approval message with {@code chat.update} to
 *       the request as the notification has it (the buttons go once it is decided); the engine
 *       delivers a request's notifications in order, so the message ends at the state of the latest
 *       one. If the approval message was never posted and the request is still pending, it is
 *       posted now.
 *   <li>GRANTED, DENIED, FAILED, ROLLED_BACK, REVOKED, EXPIRED, TIMED_OUT, EXPIRING_SOON and the
 *       extension outcomes: a direct message to the requester; NUDGE, ESCALATION, the break-glass
 *       kinds and EXTENSION_REQUESTED: a direct message to each recipient.
 *   <li>BREAK_GLASS, BREAK_GLASS_REVIEW_OVERDUE, BREAK_GLASS_REVIEWED and
 *       BREAK_GLASS_NOT_JUSTIFIED: also posted to the security channel the role's break-glass
 *       policy names (fixed in the request when it was invoked).
 * </ul>
 *
 * <p>{@link #notify} makes the Slack calls on the calling thread (the engine delivers on its own
 * executor) and throws when one of them failed for a reason worth retrying (HTTP 5xx, Slack's
 * {@code internal_error}, a 429 that outlasted {@link RateLimitRetry}, no connection): the engine
 * tries the notification again later. A failure that retrying cannot fix (a channel that is gone, a
 * deactivated user) is logged and the rest delivered.
 *
 * <p>Nothing shows twice: every posted message carries the notification's key in its {@code
 * metadata}, and {@link #redeliver} — a delivery an earlier attempt may have made in part, or
 * completely before the process died — looks for it with {@code conversations.history} before
 * posting, and adopts what it finds (so the approval message is remembered even when the process
 * died between posting and storing its reference). Updates are idempotent. This needs the {@code
 * channels:history}, {@code groups:history} and {@code im:history} scopes. Thread-safe.
 */
public final class SlackNotifier implements Notifier {
  /** The {@link MessageRef#purpose()} of approval messages. */
  public static final String APPROVAL = "approval";

  private static final Logger LOG = LoggerFactory.getLogger(SlackNotifier.class);
  private static final Set<NotificationKind> TO_REQUESTER =
      EnumSet.of(
          NotificationKind.GRANTED,
          NotificationKind.DENIED,
          NotificationKind.FAILED,
          NotificationKind.ROLLED_BACK,
          NotificationKind.REVOKED,
          NotificationKind.EXPIRED,
          NotificationKind.TIMED_OUT,
          NotificationKind.EXPIRING_SOON,
          NotificationKind.EXTENSION_APPROVAL_RECORDED,
          NotificationKind.EXTENDED,
          NotificationKind.EXTENSION_DENIED);
  private static final Set<NotificationKind> TO_RECIPIENTS =
      EnumSet.of(
          NotificationKind.NUDGE,
          NotificationKind.ESCALATION,
          NotificationKind.BREAK_GLASS,
          NotificationKind.BREAK_GLASS_REVIEW_DUE,
          NotificationKind.BREAK_GLASS_REVIEW_OVERDUE,
          NotificationKind.BREAK_GLASS_REVIEWED,
          NotificationKind.BREAK_GLASS_NOT_JUSTIFIED,
          NotificationKind.EXTENSION_REQUESTED);

  /** Break-glass kinds also posted to the security channel the policy named for the role. */
  private static final Set<NotificationKind> TO_SECURITY_CHANNEL =
      EnumSet.of(
          NotificationKind.BREAK_GLASS,
          NotificationKind.BREAK_GLASS_REVIEW_OVERDUE,
          NotificationKind.BREAK_GLASS_REVIEWED,
          NotificationKind.BREAK_GLASS_NOT_JUSTIFIED);

  private final MethodsClient methods;
  private final MessageRefStore refs;
  private final Supplier<Policy> policy;
  private final SlackCalls calls;
  private final SlackPosts posts;

  private SlackNotifier(Builder b) {
    this.methods = b.methods;
    this.refs = b.refs;
    this.policy = b.policy;
    this.calls = new SlackCalls(b.retry);
    this.posts = new SlackPosts(b.methods, calls);
  }

  /**
   * A builder for a notifier that calls Slack through {@code methods} (a bot-token client, e.g.
   * {@code Slack.getInstance().methods(botToken)}) and remembers its messages in {@code refs}.
   */
  public static Builder builder(MethodsClient methods, MessageRefStore refs) {
    return new Builder(methods, refs);
  }

  @Override
  public void notify(Notification n) {
    deliver(Objects.requireNonNull(n, "notification"), false);
  }

  @Override
  public void redeliver(Notification n) {
    deliver(Objects.requireNonNull(n, "notification"), true);
  }

  /**
   * The Slack calls of one delivery; failures worth retrying are collected and thrown at the end.
   */
  private final class Delivery {
    final Notification n;
    final boolean again;
    final List<String> failed = new ArrayList<>();

    Delivery(Notification n, boolean again) {
      this.n = n;
      this.again = again;
    }

    void attempt(String what, Runnable action) {
      try {
        action.run();
      } catch (RuntimeException e) {
        if (SlackPosts.retryable(e)) {
          LOG.warn("could not {} in Slack; it is tried again: {}", what, e.getMessage());
          failed.add(what);
        } else {
          LOG.warn("could not {} in Slack; not retrying: {}", what, e.getMessage());
        }
      }
    }

    SlackPosts.Posted post(String channel, SlackMessage message) {
      return posts.post(channel, message, n.key(), again, n.request().createdAt());
    }

    void finish() {
      if (!failed.isEmpty()) {
        throw new JitException(
            "Slack did not take " + n.kind() + " of request " + n.request().id() + ": " + failed);
      }
    }
  }

  private void deliver(Notification n, boolean again) {
    Delivery d = new Delivery(n, again);
    AccessRequest r = n.request();
    ResourceDisplay display = ResourceDisplay.of(policy.get(), r);
    List<MessageRef> approvals =
        refs.find(r.id()).stream().filter(ref -> APPROVAL.equals(ref.purpose())).toList();
    if (r.status() == RequestStatus.PENDING
        && (n.kind() == NotificationKind.PENDING || approvals.isEmpty())) {
      postApproval(d, display, approvals);
    }
    if (n.kind() != NotificationKind.PENDING) {
      SlackMessage message = ApprovalMessage.message(r, display);
      for (MessageRef ref : approvals) {
        d.attempt(
            "update the approval message of " + r.id(),
            () ->
                calls.call(
                    "chat.update",
                    () ->
                        methods.chatUpdate(
                            u ->
                                u.channel(ref.channel())
                                    .ts(ref.messageId())
                                    .text(message.text())
                                    .blocks(message.blocks()))));
      }
    }
    if (TO_REQUESTER.contains(n.kind())) {
      direct(d, Set.of(r.requester()), Surfaces.forNotification(n, display));
    } else if (TO_RECIPIENTS.contains(n.kind())) {
      direct(d, n.recipients(), Surfaces.forNotification(n, display));
    }
    if (TO_SECURITY_CHANNEL.contains(n.kind()) && r.breakGlass().isPresent()) {
      String channel = r.breakGlass().get().announceChannel();
      SlackMessage message = Surfaces.forNotification(n, display);
      d.attempt(
          "post " + n.kind() + " of " + r.id() + " to " + channel, () -> d.post(channel, message));
    }
    d.finish();
  }

  /** Posts the approval message wherever it is not posted yet. */
  private void postApproval(Delivery d, ResourceDisplay display, List<MessageRef> posted) {
    AccessRequest r = d.n.request();
    SlackMessage message = ApprovalMessage.message(r, display);
    String channel =
        policy.get().resource(r.resource()).map(ResourcePolicy::approvalChannel).orElse("");
    List<String> targets = new ArrayList<>();
    if (!channel.isBlank()) {
      targets.add(channel);
    } else {
      for (UserId u : new TreeSet<>(d.n.recipients())) {
        d.attempt("open a DM with " + u, () -> targets.add(dmChannel(u)));
      }
    }
    for (String target : targets) {
      if (posted.stream().anyMatch(ref -> ref.channel().equals(target))) {
        continue;
      }
      d.attempt(
          "post the approval message of " + r.id() + " to " + target,
          () -> {
            SlackPosts.Posted p = d.post(target, message);
            refs.put(new MessageRef(r.id(), APPROVAL, p.channel(), p.ts()));
          });
    }
  }

  private void direct(Delivery d, Set<UserId> to, SlackMessage message) {
    for (UserId user : new TreeSet<>(to)) {
      d.attempt(
          "send " + d.n.kind() + " of " + d.n.request().id() + " to " + user,
          () -> d.post(dmChannel(user), message));
    }
  }

  private String dmChannel(UserId user) {
    return calls
        .call(
            "conversations.open",
            () -> methods.conversationsOpen(o -> o.users(List.of(user.value()))))
        .getChannel()
        .getId();
  }

  /** Builds a {@link SlackNotifier}. */
  public static final class Builder {
    private final MethodsClient methods;
    private final MessageRefStore refs;
    private Supplier<Policy> policy;
    private RateLimitRetry retry = RateLimitRetry.ofDefaults();

    private Builder(MethodsClient methods, MessageRefStore refs) {
      this.methods = Objects.requireNonNull(methods, "methods");
      this.refs = Objects.requireNonNull(refs, "refs");
    }

    /** The policy in force, for approval channels and descriptions (required). */
    public Builder policy(Supplier<Policy> policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** A fixed policy. */
    public Builder policy(Policy policy) {
      Objects.requireNonNull(policy, "policy");
      return policy(() -> policy);
    }

    /** How HTTP 429 is retried; {@link RateLimitRetry#ofDefaults()} unless set. */
    public Builder rateLimitRetry(RateLimitRetry retry) {
      this.retry = Objects.requireNonNull(retry, "retry");
      return this;
    }

    public SlackNotifier build() {
      if (policy == null) {
        throw new IllegalStateException("policy is required");
      }
      return new SlackNotifier(this);
    }
  }
}
