package dev.jit.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jit.spi.Approvers;
import dev.jit.spi.GroupId;
import dev.jit.spi.JitException;
import dev.jit.spi.ResourceId;
import dev.jit.spi.UserId;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PolicyOwnerResolverTest {

  @Test
  void knownResourceHasItsOwnersAsApprovers() throws IOException {
    Policy policy = PolicyLoader.parse(PolicyLoaderTest.example(), "example");
    Approvers approvers =
        new PolicyOwnerResolver(policy).approvers(new ResourceId("prod-payments-db"));
    assertThat(approvers.users())
        .containsExactlyInAnyOrder(
            new UserId("U0OWNER1"), new UserId("U0OWNER2"), new UserId("U0OWNER3"));
    assertThat(approvers.groups()).containsExactly(new GroupId("S0DBAS"));
    assertThat(approvers.required()).isEqualTo(2);
  }

  @Test
  void unknownResourceFailsClosed() {
    PolicyOwnerResolver resolver = new PolicyOwnerResolver(PolicyTest.policy());
    assertThatThrownBy(() -> resolver.approvers(new ResourceId("nope")))
        .isExactlyInstanceOf(JitException.class)
        .hasMessage("resource 'nope' is not in the policy catalog");
  }

  @Test
  void supplierFormSeesTheCurrentPolicy() throws IOException {
    AtomicReference<Policy> current = new AtomicReference<>(PolicyTest.policy());
    PolicyOwnerResolver resolver = new PolicyOwnerResolver(current::get);
    ResourceId payments = new ResourceId("prod-payments-db");
    assertThatThrownBy(() -> resolver.approvers(payments)).isInstanceOf(JitException.class);

    current.set(PolicyLoader.parse(PolicyLoaderTest.example(), "example"));
    assertThat(resolver.approvers(payments).required()).isEqualTo(2);
    assertThatThrownBy(() -> resolver.approvers(PolicyTest.DB))
        .hasMessage("resource 'db' is not in the policy catalog");

    current.set(null);
    assertThatThrownBy(() -> resolver.approvers(payments))
        .isInstanceOf(JitException.class)
        .hasMessageContaining("no policy catalog");
  }

  @Test
  void ownersAreUsersAndGroupsWithRequiredCount() {
    Approvers owners = new PolicyOwnerResolver(PolicyTest.policy()).approvers(PolicyTest.DB);
    assertThat(owners).isEqualTo(new Approvers(Set.of(new UserId("U1")), Set.of(), 1));
  }
}
