package dev.jit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jit.spi.Directory;
import dev.jit.spi.GroupId;
import dev.jit.spi.UserId;
import dev.jit.spi.UserProfile;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link Directory}, over people and a group the implementation under test is set
 * up to know.
 */
public abstract class DirectoryContract {

  /** The directory under test; called before every test. */
  protected abstract Directory createDirectory();

  /** A person the directory knows as active. */
  protected abstract UserId knownActiveUser();

  /** A person the directory knows as inactive (deactivated, guest, bot). */
  protected abstract UserId knownInactiveUser();

  /** A person the directory does not know. */
  protected UserId unknownUser() {
    return new UserId("U-NO-SUCH-USER-7F3A");
  }

  /** A group the directory knows. */
  protected abstract GroupId knownGroup();

  /** Some (or all) members of {@link #knownGroup()}. */
  protected abstract Set<UserId> knownGroupMembers();

  /** A group the directory does not know. */
  protected GroupId unknownGroup() {
    return new GroupId("S-NO-SUCH-GROUP-7F3A");
  }

  protected Directory directory;

  @BeforeEach
  void createDirectoryUnderTest() {
    directory = createDirectory();
  }

  @Nested
  @DisplayName("looking people up")
  class Users {

    @Test
    @DisplayName("an active person is found as active, under their id")
    void active() {
      UserProfile profile = directory.user(knownActiveUser()).orElseThrow();

      assertThat(profile.id()).isEqualTo(knownActiveUser());
      assertThat(profile.active()).isTrue();
    }

    @Test
    @DisplayName("an inactive person is found as inactive")
    void inactive() {
      UserProfile profile = directory.user(knownInactiveUser()).orElseThrow();

      assertThat(profile.id()).isEqualTo(knownInactiveUser());
      assertThat(profile.active()).isFalse();
    }

    @Test
    @DisplayName("an unknown person is not found")
    void unknown() {
      assertThat(directory.user(unknownUser())).isEmpty();
    }
  }

  @Nested
  @DisplayName("looking groups up")
  class Groups {

    @Test
    @DisplayName("a group's members include its known members")
    void members() {
      assertThat(knownGroupMembers()).isNotEmpty();

      assertThat(directory.members(knownGroup())).containsAll(knownGroupMembers());
    }

    @Test
    @DisplayName("an unknown group has no members")
    void unknown() {
      assertThat(directory.members(unknownGroup())).isEmpty();
    }
  }
}
