package dev.jit.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jit.spi.UserId;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MrkdwnTest {
  @Test
  @DisplayName("escape replaces exactly &, < and >")
  void escapesExactlyThree() {
    assertThat(Mrkdwn.escape("a & b < c > d *e* _f_ `g` ~h~ \"i\" 'j'"))
        .isEqualTo("a &amp; b &lt; c &gt; d *e* _f_ `g` ~h~ \"i\" 'j'");
    assertThat(Mrkdwn.escape("&amp;")).isEqualTo("&amp;amp;");
  }

  @Test
  @DisplayName("truncate keeps short text and cuts long text to max with an ellipsis")
  void truncates() {
    assertThat(Mrkdwn.truncate("hello", 5)).isEqualTo("hello");
    assertThat(Mrkdwn.truncate("hello world", 6)).isEqualTo("hello…").hasSize(6);
  }

  @Test
  @DisplayName("truncate never cuts an entity in half")
  void neverCutsAnEntity() {
    String escaped = Mrkdwn.escape("ab<<<<");
    for (int max = 1; max <= escaped.length(); max++) {
      String cut = Mrkdwn.truncate(escaped, max);
      assertThat(cut.length()).isLessThanOrEqualTo(max);
      assertThat(cut.replace("…", "").replaceAll("&(lt|gt|amp);", "")).doesNotContain("&");
    }
  }

  @Test
  @DisplayName("truncate never splits a surrogate pair")
  void neverSplitsSurrogates() {
    String emoji = "\uD83D\uDE00".repeat(10);
    for (int max = 1; max <= emoji.length(); max++) {
      String cut = Mrkdwn.truncate(emoji, max);
      assertThat(cut.length()).isLessThanOrEqualTo(max);
      String body = cut.replace("…", "");
      assertThat(body.length() % 2).as("cut at %d: %s", max, cut).isZero();
    }
  }

  @Test
  @DisplayName("random escaped text truncated to any length stays well formed")
  void randomTruncation() {
    Random random = new Random(42);
    String alphabet = "<>&a;mpltg \n\uD83D\uDE00";
    for (int i = 0; i < 2000; i++) {
      StringBuilder raw = new StringBuilder();
      for (int n = random.nextInt(60); n > 0; n--) {
        int k = random.nextInt(alphabet.length() - 1);
        raw.append(alphabet.charAt(k));
        if (Character.isHighSurrogate(alphabet.charAt(k))) {
          raw.append(alphabet.charAt(k + 1));
        }
      }
      String escaped = Mrkdwn.escape(raw.toString().replace("\uDE00", ""));
      int max = 1 + random.nextInt(80);
      String cut = Mrkdwn.truncate(escaped, max);
      assertThat(cut.length()).isLessThanOrEqualTo(max);
      String body = cut.endsWith("…") ? cut.substring(0, cut.length() - 1) : cut;
      assertThat(escaped).startsWith(body);
      assertThat(body.replaceAll("&(lt|gt|amp);", "")).doesNotContain("&");
      SlackSurfaceChecks.assertInert(body);
    }
  }

  @ParameterizedTest
  @CsvSource({
    "U024BE7LH, <@U024BE7LH>",
    "W0ENTERPRISE1, <@W0ENTERPRISE1>",
    "alice@example.com, alice@example.com",
    "u024be7lh, u024be7lh",
    "U1, U1",
    "S0DBAS, S0DBAS"
  })
  @DisplayName("only Slack user ids become mentions")
  void mentions(String id, String rendered) {
    assertThat(Mrkdwn.mention(new UserId(id))).isEqualTo(rendered);
  }

  @Test
  @DisplayName("user text objects are verbatim and escaped")
  void userText() {
    var text = Mrkdwn.userText("<!here>", 100);
    assertThat(text.getVerbatim()).isTrue();
    assertThat(text.getText()).isEqualTo("&lt;!here&gt;");
  }
}
