package dev.mailgate.bench;

import dev.mailgate.sandbox.SandboxMailServer;
import dev.mailgate.testing.MailgateProcess;
import dev.mailgate.testing.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Mailgate as the benchmarks run it: a child JVM with its own heap limit (and otherwise the JVM's
 * defaults), trusting the sandbox's certificate, with the shipped IDLE and poll settings, which the
 * test harness changes.
 */
final class BenchMailgate {

  private BenchMailgate() {}

  /** Starts it and waits until it is ready; {@code maxHeap} as for {@code -Xmx}, e.g. "256m". */
  static MailgateProcess start(Path dataDir, TestDatabase database, String maxHeap) {
    return MailgateProcess.start(
        dataDir, database, shippedInbound(), null, List.of("-Xmx" + maxHeap));
  }

  /**
   * The sandbox's certificate trusted, and the shipped inbound settings: the test harness turns
   * IDLE off and polls hourly.
   */
  static Map<String, Object> shippedInbound() {
    return Map.of(
        "mailgate.mail.trust-store",
        SandboxMailServer.trustStore().toString(),
        "mailgate.mail.trust-store-password",
        SandboxMailServer.TRUST_STORE_PASSWORD,
        "mailgate.inbound.idle",
        "true",
        "mailgate.inbound.poll-interval",
        "1m");
  }
}
