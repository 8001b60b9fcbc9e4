package dev.jit.slack;

import com.slack.api.methods.MethodsClient;
import dev.jit.core.policy.Policy;
import dev.jit.core.policy.ResourcePolicy;
import dev.jit.slack.internal.SerialExecutor;
import dev.jit.slack.internal.SlackCalls;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.MessageRef;
import dev.jit.spi.MessageRefStore;
import dev.jit.spi.Notification;
import dev.jit.spi.NotificationKind;
import dev.jit.spi.Notifier;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import dev.jit.spi.UserId;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
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
 *       the request as it now stands (the buttons go once it is decided). If the approval message
 *       was never posted (Slack was down) and the request is still pending, it is posted now.
 *   <li>GRANTED, DENIED, FAILED, ROLLED_BACK, REVOKED, EXPIRED, TIMED_OUT, EXPIRING_SOON and the
 *       extension outcomes: a direct message to the requester; NUDGE, ESCALATION, the break-glass
 *       kinds and EXTENSION_REQUESTED: a direct message to each recipient.
 *   <li>BREAK_GLASS, BREAK_GLASS_REVIEW_OVERDUE, BREAK_GLASS_REVIEWED and
 *       BREAK_GLASS_NOT_JUSTIFIED: also posted to the security channel the role's break-glass
 *       policy names (fixed in the request when it was invoked).
 * </ul>
 *
 * <p>{@link #notify} only queues the work and returns: Slack calls run on the executor, in order
 * per request, so the engine (and a handler waiting to ack) never waits for Slack. HTTP 429 is
 * retried after {@code Retry-After} ({@link RateLimitRetry}); any other failure is logged and
 * dropped, because the request state in the engine is the truth and the next notification brings
 * the approval message up to date. Thread-safe.
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
  private final SerialExecutor<RequestId> work;
  private final SlackCalls calls;

  private SlackNotifier(Builder b) {
    this.methods = b.methods;
    this.refs = b.refs;
    this.policy = b.policy;
    this.work = new SerialExecutor<>(b.executor);
    this.calls = new SlackCalls(b.retry);
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
    Objects.requireNonNull(n, "notification");
    send(n);
  }

  /** Like {@link #notify}, with a future that completes when the Slack work is done. */
  public CompletableFuture<Void> send(Notification n) {
    return work.submit(n.request().id(), () -> deliver(n));
  }

  private void deliver(Notification n) {
    AccessRequest r = n.request();
    ResourceDisplay display = ResourceDisplay.of(policy.get(), r);
    List<MessageRef> approvals =
        refs.find(r.id()).stream().filter(ref -> APPROVAL.equals(ref.purpose())).toList();
    if (n.kind() == NotificationKind.PENDING || approvals.isEmpty()) {
      if (approvals.isEmpty() && r.status() == RequestStatus.PENDING) {
        postApproval(n, display);
      }
    } else {
      SlackMessage message = ApprovalMessage.message(n.request(), display);
      for (MessageRef ref : approvals) {
        attempt(
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
      direct(Set.of(r.requester()), Surfaces.forNotification(n, display), n);
    } else if (TO_RECIPIENTS.contains(n.kind())) {
      direct(n.recipients(), Surfaces.forNotification(n, display), n);
    }
    if (TO_SECURITY_CHANNEL.contains(n.kind()) && r.breakGlass().isPresent()) {
      String channel = r.breakGlass().get().announceChannel();
      SlackMessage message = Surfaces.forNotification(n, display);
      attempt(
          "post " + n.kind() + " of " + r.id() + " to " + channel,
          () ->
              calls.call(
                  "chat.postMessage",
                  () ->
                      methods.chatPostMessage(
                          p -> p.channel(channel).text(message.text()).blocks(message.blocks()))));
    }
  }

  private void postApproval(Notification n, ResourceDisplay display) {
    AccessRequest r = n.request();
    SlackMessage message = ApprovalMessage.message(n.request(), display);
    String channel =
        policy.get().resource(r.resource()).map(ResourcePolicy::approvalChannel).orElse("");
    List<String> channels;
    if (!channel.isBlank()) {
      channels = List.of(channel);
    } else {
      channels =
          new TreeSet<>(n.recipients())
              .stream()
                  .map(u -> attemptGet("open a DM with " + u, () -> dmChannel(u)))
                  .filter(Objects::nonNull)
                  .toList();
    }
    for (String target : channels) {
      attempt(
          "post the approval message of " + r.id() + " to " + target,
          () -> {
            var posted =
                calls.call(
                    "chat.postMessage",
                    () ->
                        methods.chatPostMessage(
                            p -> p.channel(target).text(message.text()).blocks(message.blocks())));
            refs.put(new MessageRef(r.id(), APPROVAL, posted.getChannel(), posted.getTs()));
          });
    }
  }

  private void direct(Set<UserId> to, SlackMessage message, Notification n) {
    for (UserId user : new TreeSet<>(to)) {
      attempt(
          "send " + n.kind() + " of " + n.request().id() + " to " + user,
          () -> {
            String channel = dmChannel(user);
            calls.call(
                "chat.postMessage",
                () ->
                    methods.chatPostMessage(
                        p -> p.channel(channel).text(message.text()).blocks(message.blocks())));
          });
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

  private static void attempt(String what, Runnable action) {
    attemptGet(
        what,
        () -> {
          action.run();
          return Boolean.TRUE;
        });
  }

  private static <T> T attemptGet(String what, Supplier<T> action) {
    try {
      return action.get();
    } catch (RuntimeException e) {
      LOG.warn("could not {} in Slack; the request state is unaffected: {}", what, e.toString());
      return null;
    }
  }

  /** Builds a {@link SlackNotifier}. */
  public static final class Builder {
    private final MethodsClient methods;
    private final MessageRefStore refs;
    private Supplier<Policy> policy;
    private Executor executor;
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

    /** Where the Slack calls run (required); the embedder owns and shuts it down. */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
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
      if (executor == null) {
        throw new IllegalStateException("executor is required");
      }
      return new SlackNotifier(this);
    }
  }
}
