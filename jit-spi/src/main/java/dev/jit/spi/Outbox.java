package dev.jit.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Notifications on their way out: written before the state change they belong to commits, removed
 * once delivered, so that a process that dies at any instant loses none (the transactional-outbox
 * pattern). Any engine instance sharing the outbox delivers what is due, each message claimed by
 * one instance at a time for a short lease.
 *
 * <p>Messages of one request go out in the order they were added: only the oldest waiting message
 * of a request can be claimed, so a later state never reaches people before an earlier one, and a
 * message about the latest state is always the last one shown.
 *
 * <p>Implementations are thread-safe and may be shared by several processes (one database).
 */
public interface Outbox {

  /**
   * Adds {@code message}. Idempotent: a message whose key is waiting already changes nothing. The
   * waiting messages of the same request become due no later than {@code message.notBefore()}, so a
   * new notification first retries the ones that are held back.
   */
  void add(OutboxMessage message);

  /**
   * Claims up to {@code limit} due messages for {@code claimant} until {@code now + lease}, oldest
   * first: messages with {@code notBefore} at or before {@code now}, that are the oldest waiting
   * message of their request, and that no other claim holds (a claim whose lease ended is free).
   * Each is returned with its {@code attempts} counted up by one. Of several instances claiming at
   * once, each message goes to one.
   */
  List<OutboxMessage> claim(String claimant, Instant now, Duration lease, int limit);

  /** Removes the message: it was delivered, or is given up. Removing a missing key does nothing. */
  void remove(String key);

  /**
   * Gives a claimed message back, due again at {@code notBefore}. Does nothing unless {@code
   * claimant} still holds the claim.
   */
  void release(String key, String claimant, Instant notBefore);

  /**
   * Up to {@code limit} waiting messages, oldest first, claimed or not: for operators and tests.
   */
  List<OutboxMessage> waiting(int limit);
}
