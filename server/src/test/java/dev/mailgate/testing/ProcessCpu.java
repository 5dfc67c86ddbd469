package dev.mailgate.testing;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time of this whole JVM, for benchmarks that run the sandbox, clients and Mailgate in it; and
 * of a PostgreSQL server's processes, which do a benchmark's database work outside the JVM.
 */
public final class ProcessCpu {

  /** Linux counts process CPU in clock ticks of 1/100 s ({@code getconf CLK_TCK}). */
  private static final long NANOS_PER_TICK = 10_000_000L;

  private ProcessCpu() {}

  public static long nanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /**
   * CPU time used so far by one PostgreSQL server: its postmaster (the pid in {@code
   * postmaster.pid} of its data directory) and the backends it started, in 10 ms ticks read from
   * {@code /proc}; 0 where there is no {@code /proc}. Backends that ended in between are not
   * counted, so a benchmark reads it around work done on pooled connections.
   */
  public static long postgresNanos(Path dataDirectory) {
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      String postmaster =
          Files.readAllLines(dataDirectory.resolve("postmaster.pid")).getFirst().trim();
      return processes
              .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
              .mapToLong(p -> ticksIfOf(postmaster, p))
              .sum()
          * NANOS_PER_TICK;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /**
   * utime + stime (fields 14 and 15 of /proc/[pid]/stat, proc(5)) of the postmaster or one of its
   * children (field 4, the parent); 0 for any other process.
   */
  private static long ticksIfOf(String postmaster, Path process) {
    try {
      String stat = Files.readString(process.resolve("stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      boolean ours =
          process.getFileName().toString().equals(postmaster) || fields[1].equals(postmaster);
      return ours ? Long.parseLong(fields[11]) + Long.parseLong(fields[12]) : 0;
    } catch (IOException | RuntimeException e) {
      return 0; // gone meanwhile, or not ours to read
    }
  }
}
