package dev.jit.app;

import static org.awaitility.Awaitility.await;

import dev.jit.app.config.AppConfig;
import dev.jit.app.runtime.AppRuntime;
import dev.jit.app.runtime.Database;
import dev.jit.app.runtime.GrantBackends;
import dev.jit.core.Command;
import dev.jit.core.JitEngine;
import dev.jit.core.Outcome;
import dev.jit.core.memory.InMemoryDirectory;
import dev.jit.core.memory.RecordingNotifier;
import dev.jit.spi.CheckpointSigner;
import dev.jit.spi.CheckpointSink;
import dev.jit.spi.IdempotencyKey;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import dev.jit.spi.ResourceId;
import dev.jit.spi.RoleName;
import dev.jit.spi.UserId;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The reference app's runtime as serve wires it — jit's database opened as serve opens it (the
 * embedded one migrated, one of {@code JIT_DB_URL} checked to be migrated), the configured backend
 * instances, the engine, /healthz and /metrics — with an in-memory directory instead of Slack, for
 * tests that drive a request through a real backend kind.
 */
final class RunningApp implements AutoCloseable {
  final Database database;
  final AppRuntime runtime;
  private final AtomicInteger keys = new AtomicInteger();

  private RunningApp(Database database, AppRuntime runtime) {
    this.database = database;
    this.runtime = runtime;
  }

  /**
   * Starts {@code config}'s app on the embedded database in {@code dataDir}; {@code prepare} runs
   * on the migrated database first (to create the roles a database-role step grants, say).
   */
  static RunningApp start(
      AppConfig config,
      Env env,
      Path dataDir,
      InMemoryDirectory directory,
      Consumer<Database> prepare,
      Optional<CheckpointSigner> signer,
      List<CheckpointSink> witnesses) {
    Database database = Database.openForServing(env, dataDir, config.settings().database());
    prepare.accept(database);
    AppRuntime.Builder builder =
        AppRuntime.builder()
            .config(config)
            .database(database)
            .backends(
                GrantBackends.open(config.settings().backends(), database, env, Clock.systemUTC()))
            .directory(directory)
            .notifier(refs -> new RecordingNotifier())
            .managementAddress(new java.net.InetSocketAddress("127.0.0.1", 0));
    signer.ifPresent(builder::checkpointSigner);
    builder.checkpointSinks(witnesses);
    return new RunningApp(database, builder.build().start(config.settings()));
  }

  static RunningApp start(AppConfig config, Env env, Path dataDir, InMemoryDirectory directory) {
    return start(config, env, dataDir, directory, d -> {}, Optional.empty(), List.of());
  }

  JitEngine engine() {
    return runtime.engine();
  }

  /**
   * Submits {@code requester}'s request for {@code role} on {@code resource}, approves it by each
   * of {@code approvers} and waits until it is active.
   */
  RequestId grant(
      UserId requester, String resource, String role, Duration duration, UserId... approvers) {
    Outcome submitted =
        engine()
            .handle(
                new Command.Submit(
                    requester,
                    new ResourceId(resource),
                    new RoleName(role),
                    duration,
                    "Investigate failed refunds on INC-4711",
                    "INC-4711",
                    key("submit")));
    if (!submitted.accepted()) {
      throw new AssertionError("submission refused: " + submitted);
    }
    RequestId id = submitted.requireRequest().id();
    for (UserId approver : approvers) {
      engine().handle(new Command.Approve(id, approver, key("approve")));
    }
    awaitStatus(id, RequestStatus.ACTIVE);
    return id;
  }

  /** Revokes {@code id} as {@code actor} and waits until it is revoked. */
  void revoke(RequestId id, UserId actor) {
    engine().handle(new Command.Revoke(id, actor, key("revoke")));
    awaitStatus(id, RequestStatus.REVOKED);
  }

  void awaitStatus(RequestId id, RequestStatus status) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> engine().find(id).orElseThrow().status() == status);
  }

  private IdempotencyKey key(String what) {
    return new IdempotencyKey(what + ":" + keys.incrementAndGet());
  }

  /** Stops the app (signing a last audit checkpoint, if it signs them) and closes its database. */
  @Override
  public void close() {
    runtime.close();
  }
}
