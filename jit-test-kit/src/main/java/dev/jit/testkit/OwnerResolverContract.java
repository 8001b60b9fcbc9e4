package dev.jit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jit.spi.Approvers;
import dev.jit.spi.JitException;
import dev.jit.spi.OwnerResolver;
import dev.jit.spi.ResourceId;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link OwnerResolver}: known resources have approvers, and anything else fails
 * closed with a {@link JitException} rather than an empty answer.
 */
public abstract class OwnerResolverContract {

  /** The resolver under test; called before every test. */
  protected abstract OwnerResolver createResolver();

  /** A resource the resolver knows owners of. */
  protected abstract ResourceId knownResource();

  /** A resource the resolver does not know. */
  protected ResourceId unknownResource() {
    return new ResourceId("no-such-resource-7f3a");
  }

  protected OwnerResolver resolver;

  @BeforeEach
  void createResolverUnderTest() {
    resolver = createResolver();
  }

  @Nested
  @DisplayName("resolving owners")
  class Resolving {

    @Test
    @DisplayName("a known resource has owners and needs at least one approval")
    void known() {
      Approvers approvers = resolver.approvers(knownResource());

      assertThat(approvers).isNotNull();
      assertThat(approvers.required()).isGreaterThanOrEqualTo(1);
      assertThat(approvers.users().size() + approvers.groups().size()).isPositive();
    }

    @Test
    @DisplayName("asking twice gives the same answer")
    void stable() {
      assertThat(resolver.approvers(knownResource()))
          .isEqualTo(resolver.approvers(knownResource()));
    }

    @Test
    @DisplayName("an unknown resource fails with a JitException, never an empty approver set")
    void unknown() {
      assertThatThrownBy(() -> resolver.approvers(unknownResource()))
          .isInstanceOf(JitException.class);
    }

    @Test
    @DisplayName("concurrent lookups agree")
    void concurrent() throws Exception {
      Approvers expected = resolver.approvers(knownResource());

      List<Approvers> answers = Race.run(8, i -> () -> resolver.approvers(knownResource()));

      assertThat(answers).containsOnly(expected);
    }
  }
}
