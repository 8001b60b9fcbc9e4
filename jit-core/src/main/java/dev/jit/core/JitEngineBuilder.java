package dev.jit.core;

import dev.jit.core.memory.InMemoryOutbox;
import dev.jit.core.policy.Policy;
import dev.jit.spi.AuditLog;
import dev.jit.spi.Directory;
import dev.jit.spi.GrantBackend;
import dev.jit.spi.Notifier;
import dev.jit.spi.Outbox;
import dev.jit.spi.OwnerResolver;
import dev.jit.spi.RequestStore;
import dev.jit.spi.Scheduler;
import dev.jit.spi.StepRules;
import dev.jit.spi.Transactions;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Wires a {@link JitEngine} ({@link JitEngine#builder()}). Every part is required except the
 * settings and the clock.
 */
public final class JitEngineBuilder {
  Supplier<Policy> policy;
  RequestStore store;
  AuditLog audit;
  Scheduler scheduler;
  OwnerResolver owners;
  Directory directory;
  final Map<String, GrantBackend> backends = new HashMap<>();
  Notifier notifier;
  Outbox outbox = new InMemoryOutbox();
  Executor delivery;
  Transactions transactions = Transactions.NONE;
  Clock clock = Clock.systemUTC();
  EngineSettings settings = EngineSettings.defaults();
  String instanceId = JitEngine.DEFAULT_INSTANCE_ID;

  JitEngineBuilder() {}

  /**
   * The id of this engine instance, recorded as the holder of every lease it takes (a grant or undo
   * in progress): stable across restarts of the same instance, and distinct among the engines
   * sharing a store. {@link JitEngine#recover()} takes back at once the work that the instance of
   * this id held when it stopped, rather than waiting for its leases to run out; engines sharing a
   * store with one id would take each other's work. Defaults to {@value
   * JitEngine#DEFAULT_INSTANCE_ID}: fine for a single engine.
   */
  public JitEngineBuilder instanceId(String id) {
    Objects.requireNonNull(id, "instanceId");
    if (id.isBlank() || id.length() > 128 || TextRules.hasInvisibleCharacters(id)) {
      throw new IllegalArgumentException(
          "instanceId must be 1 to 128 visible characters, got '" + id + "'");
    }
    this.instanceId = id;
    return this;
  }

  public JitEngineBuilder policy(Policy policy) {
    Objects.requireNonNull(policy, "policy");
    this.policy = () -> policy;
    return this;
  }

  /** A policy that may change at run time (reloaded from a file); read at every command. */
  public JitEngineBuilder policy(Supplier<Policy> policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
    return this;
  }

  public JitEngineBuilder store(RequestStore store) {
    this.store = store;
    return this;
  }

  public JitEngineBuilder auditLog(AuditLog audit) {
    this.audit = audit;
    return this;
  }

  public JitEngineBuilder scheduler(Scheduler scheduler) {
    this.scheduler = scheduler;
    return this;
  }

  public JitEngineBuilder owners(OwnerResolver owners) {
    this.owners = owners;
    return this;
  }

  public JitEngineBuilder directory(Directory directory) {
    this.directory = directory;
    return this;
  }

  /** Registers a backend under its {@link GrantBackend#type()}. */
  public JitEngineBuilder backend(GrantBackend backend) {
    if (backends.putIfAbsent(backend.type(), backend) != null) {
      throw new IllegalArgumentException("two grant backends of type " + backend.type());
    }
    return this;
  }

  public JitEngineBuilder notifier(Notifier notifier) {
    this.notifier = notifier;
    return this;
  }

  /**
   * Where notifications wait until delivered; an {@link InMemoryOutbox} unless set, which loses
   * what it holds with the process: share a durable one (jit-adapters-jdbc's {@code JdbcOutbox})
   * between all engines of a deployment.
   */
  public JitEngineBuilder outbox(Outbox outbox) {
    this.outbox = Objects.requireNonNull(outbox, "outbox");
    return this;
  }

  /**
   * Where notifications are delivered after a commit, so the committing thread does not wait for
   * the notifier; unless set, on the committing thread.
   */
  public JitEngineBuilder deliveryExecutor(Executor executor) {
    this.delivery = Objects.requireNonNull(executor, "executor");
    return this;
  }

  /**
   * Makes each state change's writes (timers, notifications, store, audit) commit together, for
   * adapters sharing one database (jit-adapters-jdbc's {@code JdbcTransactions}); unless set, each
   * write commits on its own.
   */
  public JitEngineBuilder transactions(Transactions transactions) {
    this.transactions = Objects.requireNonNull(transactions, "transactions");
    return this;
  }

  public JitEngineBuilder clock(Clock clock) {
    this.clock = clock;
    return this;
  }

  public JitEngineBuilder settings(EngineSettings settings) {
    this.settings = settings;
    return this;
  }

  /**
   * Builds the engine.
   *
   * @throws IllegalStateException when a part is missing, or a grant step of the policy names a
   *     backend that is not registered or does not fit its {@link StepRules} (each problem named)
   */
  public JitEngine build() {
    require(policy, "policy");
    require(store, "store");
    require(audit, "auditLog");
    require(scheduler, "scheduler");
    require(owners, "owners");
    require(directory, "directory");
    require(notifier, "notifier");
    require(clock, "clock");
    require(settings, "settings");
    Map<String, StepRules> rules = new HashMap<>();
    backends.forEach((name, backend) -> rules.put(name, backend.stepRules()));
    List<String> problems = PolicySteps.problems(policy.get(), rules);
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          "the policy's grant steps do not fit the registered backends: "
              + String.join("; ", problems));
    }
    return new JitEngine(this);
  }

  private static void require(Object part, String name) {
    if (part == null) {
      throw new IllegalStateException("JitEngine needs a " + name);
    }
  }
}
