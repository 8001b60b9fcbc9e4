package dev.jit.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jit.core.memory.InMemoryAuditLog;
import dev.jit.core.policy.Policy;
import dev.jit.core.policy.PolicyLoader;
import dev.jit.spi.AccessRequest;
import dev.jit.spi.Approval;
import dev.jit.spi.AuditChain;
import dev.jit.spi.AuditEntry;
import dev.jit.spi.AuditRecord;
import dev.jit.spi.RequestId;
import dev.jit.testkit.SampleRequests;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AuditVerifierTest {
  private final InMemoryAuditLog log = new InMemoryAuditLog();

  /** A legal history of five records: submitted, approved, step granted, granted, expiring. */
  @BeforeEach
  void fiveRecords() {
    SampleRequests.history(new RequestId("r-1"), 5).forEach(log::append);
  }

  @Test
  @DisplayName("an untouched log verifies")
  void intact() {
    AuditVerifier.Result result = AuditVerifier.verify(log);
    assertThat(result.intact()).isTrue();
    assertThat(result.recordsChecked()).isEqualTo(5);
    assertThat(result.toString()).contains("intact", "5 records");
  }

  @Test
  @DisplayName("a record whose content was changed is named as the first broken link")
  void alteredContent() {
    log.tamperForTesting(
        3,
        r ->
            new AuditRecord(
                r.sequence(),
                new AuditEntry(
                    r.entry().at(),
                    r.entry().action(),
                    "UMALLORY",
                    r.entry().detail(),
                    r.entry().request()),
                r.previousHash(),
                r.hash()));
    AuditVerifier.Result result = AuditVerifier.verify(log);
    assertThat(result.firstBrokenSequence()).contains(3L);
    assertThat(result.problem()).contains("altered");
  }

  @Test
  @DisplayName("a record rewritten with a fresh hash still breaks the link to the next one")
  void rehashed() {
    log.tamperForTesting(
        2,
        r -> {
          AuditEntry e = r.entry();
          AuditEntry changed = new AuditEntry(e.at(), e.action(), e.actor(), "edited", e.request());
          return AuditChain.link(r.sequence(), changed, r.previousHash());
        });
    AuditVerifier.Result result = AuditVerifier.verify(log);
    assertThat(result.firstBrokenSequence()).contains(3L);
    assertThat(result.problem()).contains("previousHash");
  }

  @Test
  @DisplayName("a request history that skips a version is reported")
  void versionGap() {
    log.append(SampleRequests.entry(new RequestId("r-2"), 2));
    AuditVerifier.Result result = AuditVerifier.verify(log);
    assertThat(result.firstBrokenSequence()).contains(6L);
    assertThat(result.problem()).contains("r-2", "version 2");
  }

  @Test
  @DisplayName("the hash covers the canonical form, whose time has a fixed meaning")
  void canonicalForm() {
    AuditRecord first = log.read(1, 1).get(0);
    assertThat(AuditChain.canonical(first)).startsWith("{\"sequence\":1,\"previousHash\":\"000");
    assertThat(first.previousHash()).isEqualTo(AuditChain.GENESIS);
    assertThat(first.entry().at()).isBefore(Instant.parse("2100-01-01T00:00:00Z"));
  }

  @Test
  @DisplayName(
      "a snapshot's lease holder is in the canonical form only when set: records without one keep"
          + " the form and hash they always had, and a changed holder breaks the hash")
  void holderOnlyWhenSet() {
    AccessRequest r = log.read(3, 1).get(0).entry().request();
    assertThat(r.holder()).isEmpty();
    String without = AuditChain.canonical(r);
    assertThat(without).doesNotContain("holder").contains("\"handledKeys\":{").endsWith("}}");

    AccessRequest held = r.toBuilder().holder(Optional.of("host-a:3000")).build();
    assertThat(AuditChain.canonical(held))
        .isEqualTo(without.substring(0, without.length() - 1) + ",\"holder\":\"host-a:3000\"}");
    AuditEntry e = log.read(3, 1).get(0).entry();
    AuditRecord a =
        AuditChain.link(3, new AuditEntry(e.at(), e.action(), e.actor(), "", held), "x");
    AccessRequest other = r.toBuilder().holder(Optional.of("host-b:3000")).build();
    AuditRecord b =
        AuditChain.link(3, new AuditEntry(e.at(), e.action(), e.actor(), "", other), "x");
    assertThat(a.hash()).isNotEqualTo(b.hash());
  }

  @Test
  @DisplayName("with a policy naming every owner, an approval by anyone else is flagged")
  void approvalByNonOwner() {
    Policy policy =
        PolicyLoader.parse(
            """
            resources:
              prod-payments-db:
                owners: { users: [%s] }
                requiredApprovals: 1
                approvalTimeout: 30m
                maxDuration: 4h
                requesters: { everyone: true }
                roles:
                  read-only:
                    steps:
                      - { backend: okta-group, principal: email, target: { groupId: g1 } }
            """
                .formatted(SampleRequests.BOB.value()),
            "policy.yaml");
    assertThat(AuditVerifier.verify(log, Optional.of(policy)).intact()).isTrue();

    InMemoryAuditLog forged = new InMemoryAuditLog();
    List<AuditEntry> life = SampleRequests.history(new RequestId("r-9"), 2);
    forged.append(life.get(0));
    AuditEntry approved = life.get(1);
    AccessRequest byCarol =
        approved.request().toBuilder()
            .approvals(List.of(new Approval(SampleRequests.CAROL, approved.at())))
            .build();
    forged.append(new AuditEntry(approved.at(), "approved", "system", "", byCarol));

    assertThat(AuditVerifier.verify(forged).intact()).as("without the policy").isTrue();
    assertThat(AuditVerifier.verify(forged, Optional.of(policy)).problem())
        .contains(SampleRequests.CAROL.value() + " approved, but is not an owner");
  }
}
