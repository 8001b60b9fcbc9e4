package dev.jit.core.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Loads the policy catalog from YAML. Every problem fails the load with a {@link PolicyException}
 * naming the source, the resource and the field; nothing is defaulted that would weaken policy.
 *
 * <p>The format (see {@code docs/policy.md} for the full reference):
 *
 * <pre>{@code
 * admins: [U0ADMIN1]            # optional: may revoke anyone's access early
 * resources:                    # at least one
 *   prod-payments-db:
 *     description: Production payments database       # optional
 *     owners:                                         # at least one user or group
 *       users: [U0OWNER1, U0OWNER2, U0OWNER3]
 *       groups: [S0DBAS]
 *     requiredApprovals: 2          # required, >= 1; <= owner users when there are no groups
 *     approvalTimeout: 30m          # required, positive, <= 7d
 *     maxDuration: 4h               # required, positive, <= 7d
 *     durations: [15m, 1h, 4h]      # optional: the choices offered; each <= maxDuration
 *     group: Production             # optional: heading the request form lists it under
 *     approvalChannel: C0APPROVALS  # optional: where the approval message goes ("" = DM owners)
 *     requesters:                   # required: everyone: true, or users and/or groups
 *       everyone: true
 *     roles:                        # at least one; each with at least one step
 *       read-only:
 *         description: SELECT on the payments schema
 *         steps:
 *           - backend: postgres-role          # [a-z][a-z0-9-]{0,31}
 *             principal: db-user              # [a-z][a-z0-9-]{0,31}
 *             target: { role: payments_read } # keys [a-zA-Z][a-zA-Z0-9_-]{0,63}, non-blank values
 * }</pre>
 *
 * <p>Durations are written {@code 90s}, {@code 15m}, {@code 1h}, {@code 1h30m}, {@code 2d} or in
 * ISO-8601 ({@code PT30M}). Unknown fields, duplicate keys and repeated list entries are rejected,
 * so a typo cannot silently weaken the policy. Maps keep file order.
 *
 * <p>Reading is declarative: {@link StrictYaml} binds the text strictly into the file's shape
 * ({@code PolicyFile}), and {@code PolicyBinder} builds the records, whose compact constructors
 * hold every rule. A message ends with the line and column of the field when it is in the text.
 */
public final class PolicyLoader {
  private static final String ROOT_SHAPE =
      "expected a mapping with 'resources' (and optionally 'admins')";

  private PolicyLoader() {}

  /** Reads and parses {@code file}; read errors become a {@link PolicyException} naming it. */
  public static Policy load(Path file) {
    Objects.requireNonNull(file, "file");
    String source = file.toString();
    String yaml;
    try {
      yaml = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new PolicyException(source, null, "", "cannot read the policy file (" + e + ")", e);
    }
    return parse(yaml, source);
  }

  /**
   * Parses a policy document.
   *
   * @param yaml the document
   * @param source the name used in messages, usually the file name
   */
  public static Policy parse(String yaml, String source) {
    Objects.requireNonNull(yaml, "yaml");
    Objects.requireNonNull(source, "source");
    return read(tree(yaml, source), yaml, "", source);
  }

  /**
   * Parses the policy written under the top-level key {@code key} of a larger document (the
   * reference app's configuration file keeps it under {@code policy:}). Lines in messages are the
   * document's.
   *
   * @param source the name used in messages, for example {@code config.yaml: policy}
   */
  public static Policy parseSection(String yaml, String key, String source) {
    Objects.requireNonNull(yaml, "yaml");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(source, "source");
    JsonNode root = tree(yaml, source);
    return read(root == null ? null : root.get(key), yaml, key, source);
  }

  private static Policy read(JsonNode root, String yaml, String prefix, String source) {
    if (root == null || root.isNull()) {
      throw new PolicyException(source, null, "", "the policy is empty: " + ROOT_SHAPE);
    }
    if (!root.isObject()) {
      throw new PolicyException(
          source, null, "", "the top level is " + StrictYaml.kind(root) + ": " + ROOT_SHAPE);
    }
    return new PolicyBinder(source, prefix, path -> StrictYaml.locate(yaml, path)).policy(root);
  }

  private static JsonNode tree(String yaml, String source) {
    try {
      return StrictYaml.readTree(yaml);
    } catch (InvalidFieldException e) {
      throw new PolicyException(source, null, "", e.problem(), e.getCause());
    }
  }
}
