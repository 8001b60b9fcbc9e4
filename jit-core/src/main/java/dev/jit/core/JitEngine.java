package dev.jit.core;

import static dev.jit.spi.RequestStatus.ACTIVE;

import dev.jit.core.internal.Awaiting;
import dev.jit.core.internal.BackendCalls;
import dev.jit.core.internal.Commands;
import dev.jit.core.internal.Commits;
import dev.jit.core.internal.Deadlines;
import dev.jit.core.internal.Deliveries;
import dev.jit.core.internal.FollowUps;
import dev.jit.core.internal.Grants;
import dev.jit.core.internal.People;
import dev.jit.core.internal.Reconciler;
import dev.jit.core.internal.RequestLog;
import dev.jit.core.internal.Suspicions;
import dev.jit.core.internal.Timers;
import dev.jit.core.policy.BreakGlassChoice;
import dev.jit.core.policy.Policy;
import dev.jit.core.policy.ResourcePolicy;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.JitException;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import dev.jit.spi.RequestStore;
import dev.jit.spi.Scheduler;
import dev.jit.spi.TimerKey;
import dev.jit.spi.TimerKind;
import dev.jit.spi.UserId;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The access-request engine: validates commands against the policy, moves requests through the
 * {@link Lifecycle}, grants and revokes through the backends, and keeps the audit log.
 *
 * <p>The engine holds no state of its own: everything lives in the store, audit log and scheduler,
 * so any number of engines may share them, and a new engine finishes or undoes whatever a stopped
 * one left in flight. It is thread-safe. Grants run on the thread of the approval that completes
 * the quorum; wrap calls in an executor if the caller must not wait (jit-slack does).
 *
 * <p>Safety rules it keeps: a grant runs exactly once per approved request (the approval that
 * completes the quorum is committed once, by one engine); failing steps are rolled back, newest
 * first, including the one whose call failed; revocations are retried without end and escalated; an
 * unverifiable step fails closed.
 *
 * <p>Where things are: the decision rules in {@link Decider} (pure), the state machine in {@link
 * Lifecycle}; around them the shells in {@code dev.jit.core.internal} — {@code Commands} (the
 * optimistic-concurrency loop around the decider), {@code Commits} (the commit pipeline), {@code
 * Grants} (applying and undoing steps), {@code Deadlines} (timers, sweep, recovery) and {@code
 * Reconciler} (drift).
 */
public final class JitEngine {
  /** The instance id of an engine built without one: fine while it runs alone. */
  public static final String DEFAULT_INSTANCE_ID = "jit";

  private final Supplier<Policy> policy;
  private final RequestStore store;
  private final Scheduler scheduler;
  private final EngineSettings settings;
  private final People people;
  private final Commands commands;
  private final Deadlines deadlines;
  private final FollowUps followUps;
  private final Awaiting awaiting;
  private final Reconciler reconciler;
  private final Commits requests;
  private final Deliveries deliveries;

  JitEngine(JitEngineBuilder b) {
    this.policy = b.policy;
    this.store = b.store;
    this.scheduler = b.scheduler;
    this.settings = b.settings;
    this.people = new People(b.directory, b.owners, b.policy);
    BackendCalls backends =
        new BackendCalls(b.backends, b.settings.backendAttempts(), b.settings.backendBackoff());
    Timers timers = new Timers(b.scheduler, b.settings, b.instanceId);
    this.deliveries =
        new Deliveries(b.outbox, b.audit, b.notifier, b.clock, Optional.ofNullable(b.delivery));
    Suspicions suspicions = new Suspicions(() -> backends, people, b.policy, deliveries, b.clock);
    RequestLog log =
        new RequestLog(b.store, b.audit, () -> Optional.of(b.policy.get()), suspicions);
    Commits commits = new Commits(log, timers, deliveries, b.transactions, b.clock);
    Grants grants = new Grants(commits, backends, b.store, people, b.settings);
    this.followUps = new FollowUps(commits, grants, backends, people, b.policy);
    this.awaiting = new Awaiting(b.store, people);
    this.commands =
        new Commands(
            new Commands.Parts(
                b.policy, people, b.directory, b.owners, b.store, backends, b.settings, timers),
            commits,
            grants,
            followUps);
    this.deadlines = new Deadlines(commits, grants, timers, b.store, people, b.owners, b.settings);
    this.reconciler = new Reconciler(backends, b.store, b.clock);
    this.requests = commits;
  }

  public static JitEngineBuilder builder() {
    return new JitEngineBuilder();
  }

  // ---------------------------------------------------------------- commands and queries

  /**
   * Applies a command. Never throws for bad input: a refused command is a {@link
   * Outcome.Result#REJECTED}.
   */
  public Outcome handle(Command command) {
    return commands.handle(Objects.requireNonNull(command, "command"));
  }

  /** The request as committed, if it exists. */
  public Optional<AccessRequest> find(RequestId id) {
    return requests.load(id);
  }

  /**
   * A person's requests in any of {@code statuses}, newest first: "my grants", "my pending
   * requests".
   */
  public List<AccessRequest> requestsOf(UserId requester, Set<RequestStatus> statuses, int limit) {
    return store.findByRequester(requester, statuses, limit);
  }

  /**
   * Pending requests {@code approver} may approve and has not approved yet, oldest first. Reads
   * every pending request, so call it for one person at a time (an App Home view), not in a loop
   * over everyone.
   *
   * @throws JitException when the directory or owner lookup fails
   */
  public List<AccessRequest> awaitingApprovalBy(UserId approver, int limit) {
    return awaiting.approvalsOf(approver, limit);
  }

  /**
   * What {@code owner} has to decide besides pending requests, oldest first: extensions of active
   * access waiting for their approval, and break-glass uses waiting for their review (also of
   * access that already ended). For one person's App Home, like {@link #awaitingApprovalBy}.
   *
   * @throws JitException when the directory or owner lookup fails
   */
  public List<AccessRequest> awaitingDecisionBy(UserId owner, int limit) {
    return awaiting.decisionsOf(owner, limit);
  }

  /** Active grants of everyone, oldest id first, for admin views. */
  public List<AccessRequest> activeRequests(int limit) {
    return store.findByStatus(EnumSet.of(ACTIVE), Optional.empty(), limit);
  }

  /** The policy in force. */
  public Policy policy() {
    return policy.get();
  }

  /**
   * The resources of the policy that {@code user} may request, in policy order: what a request form
   * may show them (need to know). Refusals of a submission still come from {@link #handle}.
   *
   * @throws JitException when the directory cannot tell (group membership), so a caller fails
   *     closed and shows nothing
   */
  public List<ResourcePolicy> requestableBy(UserId user) {
    return people.requestableBy(user);
  }

  /**
   * The roles {@code user} may invoke break-glass on, in policy order, for a form to offer.
   *
   * @throws JitException when the directory cannot tell (group membership)
   */
  public List<BreakGlassChoice> breakGlassableBy(UserId user) {
    return people.breakGlassableBy(user);
  }

  /** The rules submissions are checked by, for forms that validate as people type. */
  public SubmissionRules submissionRules() {
    return SubmissionRules.of(settings);
  }

  // ---------------------------------------------------------------- timers, sweeps, drift

  /** Starts delivering timers to this engine. Call {@link #recover()} once at start as well. */
  public void start() {
    scheduler.start(this::onTimer);
  }

  /** Stops delivering timers; work in flight completes. */
  public void stop() {
    scheduler.stop();
  }

  /**
   * The scheduler's entry point. Idempotent: a timer delivered twice, late or early does no harm.
   */
  public void onTimer(TimerKey key) {
    if (key.kind() == TimerKind.REVIEW_DUE || key.kind() == TimerKind.EXTENSION_TIMEOUT) {
      followUps.onTimer(key);
    } else {
      deadlines.onTimer(key);
    }
  }

  /**
   * Acts on every request whose deadline has passed, whatever happened to its timers: the safety
   * net that keeps access from outliving its expiry when timers were lost. Run it periodically
   * (every minute or so).
   *
   * @return how many requests it acted on
   */
  public int sweep() {
    return deadlines.sweep();
  }

  /**
   * Brings timers back in line with the store after a restart: {@link #takeBack()}, then {@link
   * #rearm()}. Call it once at start, before this engine takes commands (or only the first part
   * before). Any number of engines with other ids may call it.
   */
  public void recover() {
    takeBack();
    rearm();
  }

  /**
   * Takes back at once the grants and undos this instance id held when it stopped (rolls a grant
   * back, carries an undo on); how many. Reads the requests in leased states only. Call it at start
   * before this engine takes commands: work of this id in flight would be taken back too.
   */
  public int takeBack() {
    int taken = deadlines.takeBack();
    deliveries.kick();
    return taken;
  }

  /**
   * Sweeps, then makes sure every open request's timers exist, a page at a time; how many it armed.
   * Safe in the background while the engine takes commands and timers fire; stops between pages
   * when its thread is interrupted.
   */
  public int rearm() {
    return deadlines.rearm();
  }

  /**
   * Delivers the notifications that are due: those whose delivery failed or whose engine stopped
   * before delivering them (after its claim ran out, {@value #CLAIM_SECONDS} s), in order per
   * request, each retried with backoff (1 s doubling to 5 min) until the notifier accepts it. Run
   * it periodically (every few seconds); any number of engines sharing the outbox may.
   *
   * @return how many were delivered
   */
  public int deliverNotifications() {
    return deliveries.deliverDue();
  }

  /** How long an engine's claim on a notification keeps others from delivering it. */
  public static final long CLAIM_SECONDS = 60;

  /**
   * Compares what each listing backend holds with the requests that may hold access, and revokes
   * what nothing backs. Holdings are read before requests, so a grant that starts meanwhile is
   * never mistaken for drift. Run it periodically (hourly, say).
   */
  public ReconciliationReport reconcile() {
    return reconciler.run();
  }
}
