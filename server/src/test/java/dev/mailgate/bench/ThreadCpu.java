package dev.mailgate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * CPU time of this JVM's threads, by kind, read from {@code /proc/self/task}: which part of the
 * process a benchmark's CPU went to (the benchmark's own REST clients, Mailgate's request threads,
 * its senders' carrier threads, the GC, the JIT). A thread is named by its kernel name ({@code
 * comm}, at most 15 characters) with digits dropped, so the workers of a pool are one kind. Threads
 * that ended between two snapshots are not counted (their time is in the process's total only).
 */
final class ThreadCpu {

  private static final long NANOS_PER_TICK = 10_000_000L;
  private static final Path TASKS = Path.of("/proc/self/task");

  /** Thread id to (kind, ticks). */
  private final Map<String, Map.Entry<String, Long>> threads;

  private ThreadCpu(Map<String, Map.Entry<String, Long>> threads) {
    this.threads = threads;
  }

  static ThreadCpu now() {
    Map<String, Map.Entry<String, Long>> threads = new HashMap<>();
    try (Stream<Path> tasks = Files.list(TASKS)) {
      tasks.forEach(
          task -> {
            try {
              String stat = Files.readString(task.resolve("stat"));
              String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
              String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
              long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
              threads.put(
                  task.getFileName().toString(), Map.entry(name.replaceAll("[0-9]+", "#"), ticks));
            } catch (IOException | RuntimeException e) {
              // the thread ended meanwhile
            }
          });
    } catch (IOException e) {
      // no /proc: nothing to tell
    }
    return new ThreadCpu(threads);
  }

  /** CPU nanoseconds per kind of thread since {@code before}, largest first. */
  Map<String, Long> since(ThreadCpu before) {
    Map<String, Long> byKind = new HashMap<>();
    threads.forEach(
        (id, now) -> {
          Map.Entry<String, Long> then = before.threads.get(id);
          long ticks = now.getValue() - (then == null ? 0 : then.getValue());
          if (ticks > 0) {
            byKind.merge(now.getKey(), ticks * NANOS_PER_TICK, Long::sum);
          }
        });
    return byKind.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .collect(
            Collectors.toMap(
                Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, java.util.LinkedHashMap::new));
  }

  /** The largest kinds as "name ms/msg, ...". */
  static String perMessage(Map<String, Long> byKind, int count, int most) {
    return byKind.entrySet().stream()
        .limit(most)
        .map(e -> "`" + e.getKey() + "` " + BenchReport.ms((double) e.getValue() / count))
        .collect(Collectors.joining(", "));
  }
}
