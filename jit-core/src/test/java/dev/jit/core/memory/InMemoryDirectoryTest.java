package dev.jit.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jit.spi.Directory;
import dev.jit.spi.GroupId;
import dev.jit.spi.JitException;
import dev.jit.spi.UserId;
import dev.jit.testkit.DirectoryContract;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class InMemoryDirectoryTest extends DirectoryContract {
  private static final UserId ALICE = new UserId("U024BE7LH");
  private static final UserId BOB = new UserId("U0G9QF9C6");
  private static final UserId GONE = new UserId("U0GONE");
  private static final GroupId DBA = new GroupId("S0614TZR7");

  @Override
  protected Directory createDirectory() {
    return new InMemoryDirectory()
        .user(ALICE, Map.of("email", "alice@example.com"))
        .user(BOB, Map.of())
        .user(GONE, Map.of())
        .deactivate(GONE)
        .group(DBA, Set.of(ALICE, BOB));
  }

  @Override
  protected UserId knownActiveUser() {
    return ALICE;
  }

  @Override
  protected UserId knownInactiveUser() {
    return GONE;
  }

  @Override
  protected GroupId knownGroup() {
    return DBA;
  }

  @Override
  protected Set<UserId> knownGroupMembers() {
    return Set.of(ALICE, BOB);
  }

  private InMemoryDirectory memory() {
    return (InMemoryDirectory) directory;
  }

  @Test
  @DisplayName("keeps identities and reflects activation changes")
  void changes() {
    assertThat(directory.user(ALICE).orElseThrow().identity("email")).contains("alice@example.com");

    memory().deactivate(ALICE);
    assertThat(directory.user(ALICE).orElseThrow().active()).isFalse();
    assertThat(directory.user(ALICE).orElseThrow().identities()).containsKey("email");

    memory().activate(ALICE);
    assertThat(directory.user(ALICE).orElseThrow().active()).isTrue();

    memory().remove(ALICE);
    assertThat(directory.user(ALICE)).isEmpty();
  }

  @Test
  @DisplayName("deactivating an unknown user is refused")
  void deactivateUnknown() {
    assertThatThrownBy(() -> memory().deactivate(new UserId("U-NOBODY")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("during an outage every lookup throws, and after healing lookups work again")
  void outage() {
    JitException down = new JitException("directory unreachable (test)");
    memory().failWith(down);

    assertThatThrownBy(() -> directory.user(ALICE)).isSameAs(down);
    assertThatThrownBy(() -> directory.members(DBA)).isSameAs(down);

    memory().heal();
    assertThat(directory.user(ALICE)).isPresent();
    assertThat(directory.members(DBA)).containsExactlyInAnyOrder(ALICE, BOB);
  }
}
