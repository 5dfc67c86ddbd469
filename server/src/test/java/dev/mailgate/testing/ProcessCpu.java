package dev.mailgate.testing;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * CPU time of this whole JVM, for benchmarks that run the sandbox, clients and Mailgate in it; of a
 * PostgreSQL server's processes, which do a benchmark's database work outside the JVM; and of any
 * other child process (a mail server, a Mailgate or sandbox JVM of its own).
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
   * CPU time used so far by these processes (e.g. a mail server's master and its children), read
   * from {@code /proc}: utime + stime of each, plus cutime + cstime (fields 16 and 17), the time of
   * its children that ended and were waited for, so short-lived workers that come and go inside the
   * window (Postfix's smtpd, Dovecot's auth workers) are counted once their parent reaps them.
   */
  public static long nanos(List<ProcessHandle> processes) {
    return processes.stream().mapToLong(p -> ticks(p.pid(), true)).sum() * NANOS_PER_TICK;
  }

  /** CPU time used so far by one process (utime + stime), e.g. a child JVM. */
  public static long nanos(ProcessHandle process) {
    return ticks(process.pid(), false) * NANOS_PER_TICK;
  }

  /** The process's threads now ({@code Threads:} of /proc/[pid]/status), or -1. */
  public static int threads(ProcessHandle process) {
    try {
      return Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status")).stream()
          .filter(line -> line.startsWith("Threads:"))
          .mapToInt(line -> Integer.parseInt(line.substring("Threads:".length()).strip()))
          .findFirst()
          .orElse(-1);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static long ticks(long pid, boolean withEndedChildren) {
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long own = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      return withEndedChildren
          ? own + Long.parseLong(fields[13]) + Long.parseLong(fields[14])
          : own;
    } catch (IOException | RuntimeException e) {
      return 0; // gone meanwhile
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
