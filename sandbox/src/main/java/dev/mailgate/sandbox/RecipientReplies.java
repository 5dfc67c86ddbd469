package dev.mailgate.sandbox;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * The replies the sandbox SMTP server gives to {@code RCPT TO} for chosen recipients instead of
 * accepting them, so tests meet a busy mailbox ({@code 450}), an unknown user ({@code 550}) or a
 * full one ({@code 452}) as a real server sends them (RFC 5321 4.2): a 4xx says "try again later",
 * a 5xx "never". A held recipient gets its reply only when released: a slow server, keeping the
 * client in the middle of its SMTP conversation. Every other recipient is accepted and delivered as
 * before.
 */
final class RecipientReplies {

  /** A reply code of RFC 5321 4.2 that refuses (4yz or 5yz), then the text. */
  private static final Pattern REFUSAL = Pattern.compile("[45][0-5][0-9]( .*)?");

  /** The longest a held recipient waits, so a test that never releases it cannot hang. */
  private static final long HOLD_LIMIT_SECONDS = 120;

  private final Map<String, String> replies = new ConcurrentHashMap<>();
  private final Map<String, CountDownLatch> holds = new ConcurrentHashMap<>();
  private final AtomicInteger waiting = new AtomicInteger();

  void refuse(String address, String reply) {
    if (reply == null || !REFUSAL.matcher(reply).matches()) {
      throw new SandboxException(
          "a refusing SMTP reply starts with a 4xx or 5xx code, e.g. \"450 4.2.1 Mailbox busy\","
              + " not "
              + reply);
    }
    replies.put(key(address), reply);
  }

  void accept(String address) {
    replies.remove(key(address));
  }

  void hold(String address) {
    holds.putIfAbsent(key(address), new CountDownLatch(1));
  }

  void release(String address) {
    CountDownLatch hold = holds.remove(key(address));
    if (hold != null) {
      hold.countDown();
    }
  }

  /** How many {@code RCPT TO} of held recipients wait for their reply now. */
  int waiting() {
    return waiting.get();
  }

  /** The reply for this recipient, or empty to accept it; waits while the recipient is held. */
  Optional<String> replyTo(String address) {
    CountDownLatch hold = holds.get(key(address));
    if (hold != null) {
      waiting.incrementAndGet();
      try {
        hold.await(HOLD_LIMIT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        waiting.decrementAndGet();
      }
    }
    return Optional.ofNullable(replies.get(key(address)));
  }

  private static String key(String address) {
    return address.strip().toLowerCase(Locale.ROOT);
  }
}
