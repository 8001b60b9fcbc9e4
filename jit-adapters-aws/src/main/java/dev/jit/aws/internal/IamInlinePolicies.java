package dev.jit.aws.internal;

import dev.jit.spi.BackendException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * Inline policies of IAM users or roles (one kind per instance), each call through {@link
 * AwsCalls}. Missing entities and policies read as absent.
 */
public final class IamInlinePolicies {
  private final IamClient iam;
  private final AwsCalls calls;
  private final boolean roles;

  public IamInlinePolicies(IamClient iam, AwsCalls calls, boolean roles) {
    this.iam = iam;
    this.calls = calls;
    this.roles = roles;
  }

  /** Creates or replaces the policy. */
  public void put(String entity, String name, String document, String req) {
    if (roles) {
      calls.call(
          "PutRolePolicy",
          () ->
              iam.putRolePolicy(
                  r ->
                      r.roleName(entity)
                          .policyName(name)
                          .policyDocument(document)
                          .overrideConfiguration(AwsCalls.tag(req))));
    } else {
      calls.call(
          "PutUserPolicy",
          () ->
              iam.putUserPolicy(
                  r ->
                      r.userName(entity)
                          .policyName(name)
                          .policyDocument(document)
                          .overrideConfiguration(AwsCalls.tag(req))));
    }
  }

  /** The decoded document of the policy, or empty when it (or the entity) does not exist. */
  public Optional<String> get(String entity, String name, String req) {
    try {
      String encoded =
          roles
              ? calls
                  .call(
                      "GetRolePolicy",
                      () ->
                          iam.getRolePolicy(
                              r ->
                                  r.roleName(entity)
                                      .policyName(name)
                                      .overrideConfiguration(AwsCalls.tag(req))))
                  .policyDocument()
              : calls
                  .call(
                      "GetUserPolicy",
                      () ->
                          iam.getUserPolicy(
                              r ->
                                  r.userName(entity)
                                      .policyName(name)
                                      .overrideConfiguration(AwsCalls.tag(req))))
                  .policyDocument();
      return Optional.of(URLDecoder.decode(encoded, StandardCharsets.UTF_8));
    } catch (BackendException e) {
      if (AwsCalls.notFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Deletes the policy; one already gone is success. */
  public void delete(String entity, String name, String req) {
    try {
      if (roles) {
        calls.call(
            "DeleteRolePolicy",
            () ->
                iam.deleteRolePolicy(
                    r ->
                        r.roleName(entity)
                            .policyName(name)
                            .overrideConfiguration(AwsCalls.tag(req))));
      } else {
        calls.call(
            "DeleteUserPolicy",
            () ->
                iam.deleteUserPolicy(
                    r ->
                        r.userName(entity)
                            .policyName(name)
                            .overrideConfiguration(AwsCalls.tag(req))));
      }
    } catch (BackendException e) {
      if (!AwsCalls.notFound(e)) {
        throw e;
      }
    }
  }

  /**
   * The names of the entity's inline policies, following the Marker while IsTruncated (pages may be
   * short or empty); empty when the entity does not exist.
   */
  public List<String> names(String entity, String req) {
    List<String> out = new ArrayList<>();
    String marker = null;
    try {
      boolean more;
      do {
        String m = marker;
        if (roles) {
          var page =
              calls.call(
                  "ListRolePolicies",
                  () ->
                      iam.listRolePolicies(
                          r ->
                              r.roleName(entity)
                                  .marker(m)
                                  .maxItems(1000)
                                  .overrideConfiguration(AwsCalls.tag(req))));
          out.addAll(page.policyNames());
          more = Boolean.TRUE.equals(page.isTruncated());
          marker = page.marker();
        } else {
          var page =
              calls.call(
                  "ListUserPolicies",
                  () ->
                      iam.listUserPolicies(
                          r ->
                              r.userName(entity)
                                  .marker(m)
                                  .maxItems(1000)
                                  .overrideConfiguration(AwsCalls.tag(req))));
          out.addAll(page.policyNames());
          more = Boolean.TRUE.equals(page.isTruncated());
          marker = page.marker();
        }
      } while (more && marker != null);
    } catch (BackendException e) {
      if (AwsCalls.notFound(e)) {
        return List.of();
      }
      throw e;
    }
    return out;
  }
}
