package dev.jit.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.jit.spi.AccessRequest;
import dev.jit.spi.AuditChain;
import dev.jit.spi.AuditEntry;
import dev.jit.spi.AuditRecord;
import dev.jit.spi.RequestId;
import dev.jit.spi.RequestStatus;
import dev.jit.testkit.SampleRequests;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The verifier's reader of canonical bytes against Jackson's reading of the same text: a canonical
 * text reads to the record it was written from, and any text reads to what Jackson makes of it (or
 * fails as Jackson does), so an operator cannot write a text that verify sees one way and the
 * engine another.
 */
class CanonicalReaderTest {
  private static final String HASH = "ab".repeat(32);

  static Stream<AuditRecord> records() {
    List<AuditRecord> out = new ArrayList<>();
    String previous = AuditChain.GENESIS;
    long sequence = 1;
    List<AuditEntry> entries = new ArrayList<>(SampleRequests.history(new RequestId("r-1"), 6));
    Instant t = SampleRequests.T0;
    AccessRequest full = SampleRequests.fullyPopulated(new RequestId("r-2"), t);
    entries.add(new AuditEntry(t, "granted", "system", "", full));
    AccessRequest glass = SampleRequests.breakGlassExtended(new RequestId("r-3"), t);
    entries.add(new AuditEntry(t.plusNanos(1), "extension_requested", "U1", "d\u2028e", glass));
    AccessRequest held =
        full.toBuilder()
            .status(RequestStatus.APPROVED)
            .holder(Optional.of("engine-\u00e9-1"))
            .justification("nul\u0000 bell\u0007 lone\ud800 pair\ud83d\udd25 \u007f \\ \"q\"")
            .build();
    entries.add(new AuditEntry(t.plusMillis(1), "approved", "U2", "\r\n\t", held));
    entries.add(new AuditEntry(t.plusNanos(1_000), "a", "U2", "", held));
    entries.add(new AuditEntry(Instant.parse("2028-02-29T23:59:59.5Z"), "a", "U2", "", held));
    entries.add(new AuditEntry(Instant.parse("1970-01-01T00:00:00Z"), "a", "U2", "", held));
    entries.add(new AuditEntry(Instant.parse("+12026-12-31T00:00:00Z"), "a", "U2", "", held));
    entries.add(new AuditEntry(Instant.parse("-0001-12-31T00:00:00Z"), "a", "U2", "", held));
    for (AuditEntry e : entries) {
      AuditRecord r = AuditChain.link(sequence++, e, previous);
      previous = r.hash();
      out.add(r);
    }
    return out.stream();
  }

  @ParameterizedTest
  @MethodSource("records")
  @DisplayName("a canonical text reads to the record it was written from, as Jackson reads it")
  void canonicalReadsBack(AuditRecord r) {
    String text = AuditChain.canonical(r);
    AuditRecord read =
        new CanonicalReader().record(text.getBytes(StandardCharsets.UTF_8), r.hash());
    assertThat(read).as("read without Jackson").isNotNull().isEqualTo(r);
    assertThat(Snapshots.decodeRecord(text, r.hash())).isEqualTo(read);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "\"actor\":\"U0G9QF9C6\"   | \"actor\": \"U0G9QF9C6\"",
        "\"actor\":\"U0G9QF9C6\"   | \"actor\":\"U0G9\\u0051F9C6\"",
        "\"actor\":\"U0G9QF9C6\"   | \"actor\":\"U0G9\\u0071F9C6\"",
        "\"actor\":\"U0G9QF9C6\"   | \"actor\":\"U0G9\\/F9C6\"",
        "\"actor\":\"U0G9QF9C6\"   | \"actor\":\"U0G9QF9C6\",\"actor\":\"UMALLORY\"",
        "\"detail\":\"\"           | \"detail\":\"\\b\\f\"",
        "\"detail\":\"\"           | \"detail\":\"\\u00E9\\uD83D\\uDD25\"",
        "\"detail\":\"\"           | \"detail\":\"\",\"extra\":1",
        "\"sequence\":2           | \"sequence\":02",
        "\"sequence\":2           | \"sequence\":2.0",
        "\"sequence\":2           | \"sequence\":-0",
        "\"version\":2            | \"version\":\"2\"",
        "\"requiredApprovals\":1  | \"requiredApprovals\":4294967297",
        "\"stepsDone\":0          | \"stepsDone\":null",
        "\"at\":\"2026-03-02T09:01:00Z\" | \"at\":\"2026-03-02T09:01:00.Z\"",
        "\"at\":\"2026-03-02T09:01:00Z\" | \"at\":\"2026-03-02T09:01:00.1234567891Z\"",
        "\"at\":\"2026-03-02T09:01:00Z\" | \"at\":\"2026-02-30T09:01:00Z\"",
        "\"at\":\"2026-03-02T09:01:00Z\" | \"at\":\"2026-03-02T24:00:00Z\"",
        "\"at\":\"2026-03-02T09:01:00Z\" | \"at\":\"2026-03-02T23:59:60Z\"",
        "\"at\":\"2026-03-02T09:01:00Z\" | \"at\":\"2026-03-02T09:01Z\"",
        "\"at\":\"2026-03-02T09:01:00Z\" | \"at\":\"2026-03-02t09:01:00z\"",
        "\"at\":\"2026-03-02T09:01:00Z\" | \"at\":\"2026-03-02T09:01:00\\u005a\"",
        "\"grantedAt\":null       | \"grantedAt\":\"2026-03-02T09:01:00.000000001Z\"",
        "\"decidedBy\":null       | \"decidedBy\":7",
        "\"handledKeys\":{        | \"handledKeys\":{\"k\":\"APPROVED\",\"k\":\"PENDING\",",
        "\"handledKeys\":{        | \"handledKeys\":{\"k\":\"PENDING\",\"k\":\"LOST\",",
        "\"principal\":           | \"principal\":\"x\",\"principal\":",
        "\"target\":{             | \"target\":{\"z\":\"1\",\"a\":\"2\",",
        "\"status\":\"APPROVED\"    | \"status\":\"approved\"",
        "\"reason\":\"\"           | \"reason\":\"\",\"breakGlass\":null",
        "\"reason\":\"\"           | \"reason\":\"\",\"extendedBy\":\"PT0S\"",
        "\"reason\":\"\"           | \"reason\":\"\",\"holder\":null",
        "\"previousHash\":        | \"previousHash\" :",
      })
  @DisplayName("any other text reads to what Jackson makes of it, or fails where Jackson fails")
  void otherTextsReadAsJacksonReads(String canonical, String replacement) {
    AuditRecord second = records().skip(1).findFirst().orElseThrow();
    String text = AuditChain.canonical(second);
    assertThat(text).contains(canonical);
    String edited = text.replaceFirst(java.util.regex.Pattern.quote(canonical), replacement);
    assertSameAsJackson(edited);
    assertSameAsJackson(edited + " trailing");
  }

  @Test
  @DisplayName("a text cut anywhere fails or reads as Jackson reads it, never more")
  void truncatedTexts() {
    String text = AuditChain.canonical(records().skip(7).findFirst().orElseThrow());
    for (int n = 0; n < text.length(); n++) {
      assertSameAsJackson(text.substring(0, n));
    }
  }

  private static void assertSameAsJackson(String text) {
    Object jackson;
    try {
      jackson = Snapshots.decodeRecord(text, HASH);
    } catch (RuntimeException e) {
      jackson = e.getClass();
    }
    Object fast;
    try {
      fast = new CanonicalReader().decode(text.getBytes(StandardCharsets.UTF_8), HASH);
    } catch (RuntimeException e) {
      fast = e.getClass();
    }
    assertThat(fast).as(text).isEqualTo(jackson);
    Throwable direct =
        catchThrowable(
            () -> new CanonicalReader().record(text.getBytes(StandardCharsets.UTF_8), HASH));
    assertThat(direct).as("the fast reader itself never throws").isNull();
  }
}
