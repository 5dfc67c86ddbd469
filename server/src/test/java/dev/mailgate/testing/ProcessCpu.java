package dev.mailgate.testing;

import java.lang.management.ManagementFactory;

/** CPU time of this whole JVM, for benchmarks that run the sandbox, clients and Mailgate in it. */
public final class ProcessCpu {

  private ProcessCpu() {}

  public static long nanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
