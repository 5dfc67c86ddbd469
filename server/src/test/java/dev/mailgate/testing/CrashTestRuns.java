package dev.mailgate.testing;

import java.util.stream.Stream;

/**
 * How big the crash tests run. By default they keep the suite quick: H2 only and fewer messages
 * (each crash costs a JVM start). {@code -Dmailgate.crash.full=true} runs the issues' sizes (1,000
 * inbound messages, 200 outbound) on H2 and PostgreSQL; {@code -Dmailgate.crash.inbound-messages=N}
 * and {@code -Dmailgate.crash.outbound-messages=N} set a size.
 */
public final class CrashTestRuns {

  /** {@code @MethodSource(CrashTestRuns.DATABASES)}: the databases the crash tests run on. */
  public static final String DATABASES = "dev.mailgate.testing.CrashTestRuns#databases";

  private static final boolean FULL = Boolean.getBoolean("mailgate.crash.full");

  private CrashTestRuns() {}

  public static Stream<String> databases() {
    return FULL ? TestDatabase.kinds() : Stream.of("H2");
  }

  /** Messages in the inbound crash test's mailbox: 1,000 in a full run, 300 by default. */
  public static int inboundMessages() {
    return Integer.getInteger("mailgate.crash.inbound-messages", FULL ? 1000 : 300);
  }

  /** Messages in the outbound crash test's batch: 200 in a full run, 100 by default. */
  public static int outboundMessages() {
    return Integer.getInteger("mailgate.crash.outbound-messages", FULL ? 200 : 100);
  }
}
