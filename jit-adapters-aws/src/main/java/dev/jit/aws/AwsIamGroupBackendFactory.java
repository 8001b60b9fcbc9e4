package dev.jit.aws;

import dev.jit.spi.BackendContext;
import dev.jit.spi.GrantBackendFactory;
import dev.jit.spi.StepRules;

/** Makes {@code aws-iam-group} backends: membership of jit-only IAM groups. */
public final class AwsIamGroupBackendFactory implements GrantBackendFactory<AwsIamGroupConfig> {
  public static final String KIND = "aws-iam-group";

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Class<AwsIamGroupConfig> configType() {
    return AwsIamGroupConfig.class;
  }

  @Override
  public StepRules stepRules(AwsIamGroupConfig config) {
    return config.stepRules();
  }

  /** Builds the SDK client; makes no remote call. */
  @Override
  public AwsIamGroupBackend create(String name, AwsIamGroupConfig config, BackendContext context) {
    return new AwsIamGroupBackend(name, config, context);
  }
}
