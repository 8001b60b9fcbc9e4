package dev.jit.aws;

import dev.jit.spi.BackendContext;
import dev.jit.spi.GrantBackendFactory;
import dev.jit.spi.StepRules;

/**
 * Makes {@code aws-iam-policy} backends: self-expiring jit inline policies on IAM users or roles.
 */
public final class AwsIamPolicyBackendFactory implements GrantBackendFactory<AwsIamPolicyConfig> {
  public static final String KIND = "aws-iam-policy";

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Class<AwsIamPolicyConfig> configType() {
    return AwsIamPolicyConfig.class;
  }

  @Override
  public StepRules stepRules(AwsIamPolicyConfig config) {
    return config.stepRules();
  }

  /** Builds the SDK clients; makes no remote call. */
  @Override
  public AwsIamPolicyBackend create(
      String name, AwsIamPolicyConfig config, BackendContext context) {
    return new AwsIamPolicyBackend(name, config, context);
  }
}
