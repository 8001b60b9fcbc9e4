package dev.jit.app.cli;

import dev.jit.app.Env;
import dev.jit.app.SlackFrontEnd;
import java.util.Objects;

/**
 * What every command gets from {@link dev.jit.app.Main}: the environment and the Slack front end of
 * this build. Tests pass their own.
 */
public record AppContext(Env env, SlackFrontEnd.Factory slack) {
  public AppContext {
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(slack, "slack");
  }
}
