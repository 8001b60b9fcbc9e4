package dev.jit.aws.internal;

import dev.jit.spi.BackendException;
import dev.jit.spi.GrantStep;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ssoadmin.model.AccountAssignment;
import software.amazon.awssdk.services.ssoadmin.model.PrincipalType;

/**
 * What IAM Identity Center's account assignment lists say, for the {@code aws-sso} backend: whether
 * one user's assignment is listed, and every USER assignment of the managed permission sets in the
 * managed accounts as steps. Kept apart from the backend's operation tracking, which only needs the
 * yes or no. A permission set that no longer exists holds nothing. Thread-safe.
 */
public final class SsoAssignmentLists {
  private static final Logger LOG = LoggerFactory.getLogger(SsoAssignmentLists.class);

  private final String name;
  private final IdentityCenterCalls sso;
  private final IdentityStoreUsers users;

  /**
   * @param name the backend instance's name, for steps and logs
   */
  public SsoAssignmentLists(String name, IdentityCenterCalls sso, IdentityStoreUsers users) {
    this.name = name;
    this.sso = sso;
    this.users = users;
  }

  /**
   * Whether the user's assignment is in the list; a permission set that no longer exists holds
   * none.
   */
  public boolean listed(String accountId, String permissionSetArn, String userId, String req) {
    List<AccountAssignment> all;
    try {
      all = sso.assignments(accountId, permissionSetArn, req);
    } catch (BackendException e) {
      if (AwsCalls.notFound(e)) {
        return false;
      }
      throw e;
    }
    return all.stream()
        .anyMatch(a -> a.principalType() == PrincipalType.USER && userId.equals(a.principalId()));
  }

  /**
   * USER assignments of the permission sets (step name → ARN) in the accounts, as steps with
   * targets {@code accountKey} and {@code permissionSetKey} and principals spelled as steps spell
   * them; GROUP assignments and users no longer in the store are left out.
   */
  public Set<GrantStep> holdings(
      Map<String, String> permissionSets,
      List<String> accounts,
      String accountKey,
      String permissionSetKey) {
    Set<GrantStep> out = new HashSet<>();
    for (Map.Entry<String, String> ps : permissionSets.entrySet()) {
      for (String account : accounts) {
        List<AccountAssignment> listed;
        try {
          listed = sso.assignments(account, ps.getValue(), "reconcile");
        } catch (BackendException e) {
          if (!AwsCalls.notFound(e)) {
            throw e;
          }
          LOG.warn("{}: permission set {} no longer exists", name, ps.getKey());
          continue;
        }
        for (AccountAssignment a : listed) {
          if (a.principalType() == PrincipalType.USER) {
            users
                .principalOf(a.principalId())
                .ifPresent(
                    p ->
                        out.add(
                            new GrantStep(
                                name,
                                Map.of(accountKey, account, permissionSetKey, ps.getKey()),
                                p)));
          }
        }
      }
    }
    return Set.copyOf(out);
  }
}
