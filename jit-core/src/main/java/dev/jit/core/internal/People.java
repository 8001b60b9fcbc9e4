package dev.jit.core.internal;

import dev.jit.core.policy.BreakGlassChoice;
import dev.jit.core.policy.BreakGlassPolicy;
import dev.jit.core.policy.Policy;
import dev.jit.core.policy.ResourcePolicy;
import dev.jit.core.policy.RolePolicy;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.Approvers;
import dev.jit.spi.Directory;
import dev.jit.spi.GroupId;
import dev.jit.spi.JitException;
import dev.jit.spi.OwnerResolver;
import dev.jit.spi.UserId;
import dev.jit.spi.UserProfile;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may do what, asked of the directory and the owner resolver. Lookups that fail throw {@link
 * JitException}; callers fail closed.
 */
public final class People {
  private static final Logger LOG = LoggerFactory.getLogger(People.class);

  private final Directory directory;
  private final OwnerResolver owners;
  private final Supplier<Policy> policy;

  public People(Directory directory, OwnerResolver owners, Supplier<Policy> policy) {
    this.directory = directory;
    this.owners = owners;
    this.policy = policy;
  }

  /** The approvers of the resource. */
  public Approvers approversOf(AccessRequest r) {
    return owners.approvers(r.resource());
  }

  /** The directory's profile of an active person. */
  public java.util.Optional<UserProfile> activeProfile(UserId user) {
    return directory.user(user).filter(UserProfile::active);
  }

  public boolean isEligible(UserId user, Approvers approvers) {
    if (approvers.users().contains(user)) {
      return true;
    }
    for (GroupId g : approvers.groups()) {
      if (directory.members(g).contains(user)) {
        return true;
      }
    }
    return false;
  }

  public boolean isActive(UserId user) {
    return directory.user(user).map(UserProfile::active).orElse(false);
  }

  public Set<UserId> eligibleApprovers(Approvers approvers) {
    Set<UserId> all = new LinkedHashSet<>(approvers.users());
    for (GroupId g : approvers.groups()) {
      all.addAll(directory.members(g));
    }
    all.removeIf(u -> !isActive(u));
    return all;
  }

  public Set<UserId> recipientsForApproval(AccessRequest r, Approvers approvers) {
    Set<UserId> to;
    try {
      to = eligibleApprovers(approvers);
    } catch (JitException e) {
      LOG.warn(
          "could not expand the approvers of {}; telling the named owners only", r.resource(), e);
      to = new LinkedHashSet<>(approvers.users());
    }
    to.remove(r.requester());
    return to;
  }

  public Set<UserId> escalationRecipients(AccessRequest r) {
    Set<UserId> to = new LinkedHashSet<>(policy.get().admins());
    try {
      to.addAll(owners.approvers(r.resource()).users());
    } catch (JitException e) {
      LOG.warn("could not resolve the owners of {} for an escalation", r.resource(), e);
    }
    return to;
  }

  /** Whether {@code user} may invoke break-glass under {@code bg}: named, or in a named group. */
  public boolean mayBreakGlass(BreakGlassPolicy bg, UserId user) {
    return bg.users().contains(user) || inAny(bg.groups(), user);
  }

  /** Whether {@code user} is in {@code group}; false for no group. */
  public boolean inAny(Set<GroupId> groups, UserId user) {
    for (GroupId g : groups) {
      if (directory.members(g).contains(user)) {
        return true;
      }
    }
    return false;
  }

  public boolean mayRequest(ResourcePolicy rp, UserId user) {
    return rp.requesters().everyone()
        || rp.requesters().users().contains(user)
        || inAny(rp.requesters().groups(), user);
  }

  /** The resources of the policy {@code user} may request, in policy order (need to know). */
  public List<ResourcePolicy> requestableBy(UserId user) {
    List<ResourcePolicy> out = new ArrayList<>();
    for (ResourcePolicy rp : policy.get().resources().values()) {
      if (mayRequest(rp, user)) {
        out.add(rp);
      }
    }
    return List.copyOf(out);
  }

  /** The roles {@code user} may invoke break-glass on, in policy order. */
  public List<BreakGlassChoice> breakGlassableBy(UserId user) {
    List<BreakGlassChoice> out = new ArrayList<>();
    for (ResourcePolicy rp : policy.get().resources().values()) {
      for (RolePolicy role : rp.roles().values()) {
        role.breakGlass()
            .filter(bg -> mayBreakGlass(bg, user))
            .ifPresent(bg -> out.add(new BreakGlassChoice(rp.id(), role.name(), bg)));
      }
    }
    return List.copyOf(out);
  }
}
