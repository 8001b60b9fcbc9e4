package dev.jit.aws;

import dev.jit.spi.BackendContext;
import dev.jit.spi.GrantBackendFactory;
import dev.jit.spi.StepRules;

/** Makes {@code aws-sso} backends: IAM Identity Center account assignments. */
public final class AwsSsoBackendFactory implements GrantBackendFactory<AwsSsoConfig> {
  public static final String KIND = "aws-sso";

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Class<AwsSsoConfig> configType() {
    return AwsSsoConfig.class;
  }

  @Override
  public StepRules stepRules(AwsSsoConfig config) {
    return config.stepRules();
  }

  /** Builds the SDK clients; makes no remote call (see {@link AwsSsoBackend#preflight()}). */
  @Override
  public AwsSsoBackend create(String name, AwsSsoConfig config, BackendContext context) {
    return new AwsSsoBackend(name, config, context);
  }
}
