package dev.mailgate.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The memory of a JVM the benchmark started (a Mailgate process), read from outside it. */
final class ChildJvm {

  private static final Pattern USED = Pattern.compile("used (\\d+)K");

  private ChildJvm() {}

  /**
   * Heap in use after a full collection: {@code jcmd <pid> GC.run}, then the "used" figures of
   * {@code GC.heap_info} before its Metaspace line (G1: one heap line; Serial: both generations).
   */
  static long heapUsedAfterGc(ProcessHandle process) throws IOException, InterruptedException {
    jcmd(process, "GC.run");
    long usedKb = 0;
    for (String line : jcmd(process, "GC.heap_info").split("\n")) {
      if (line.strip().startsWith("Metaspace")) {
        break;
      }
      Matcher used = USED.matcher(line);
      if (used.find()) {
        usedKb += Long.parseLong(used.group(1));
      }
    }
    return usedKb * 1024;
  }

  /**
   * The process's threads grouped by name with digits dropped, most first (e.g. {@code
   * "JavaMail-EventQueue × 1000, ..."}): which part of the process makes them.
   */
  static String threadNames(ProcessHandle process) throws IOException, InterruptedException {
    java.util.Map<String, Integer> byName = new java.util.HashMap<>();
    Matcher name = Pattern.compile("^\"([^\"]*)\"").matcher("");
    for (String line : jcmd(process, "Thread.print").split("\n")) {
      if (name.reset(line).find()) {
        byName.merge(name.group(1).replaceAll("\\d+", "#"), 1, Integer::sum);
      }
    }
    return byName.entrySet().stream()
        .sorted(java.util.Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(6)
        .map(e -> e.getKey() + " × " + e.getValue())
        .collect(java.util.stream.Collectors.joining(", "));
  }

  /** Resident memory of the whole process ({@code VmRSS} of /proc/[pid]/status), in bytes. */
  static long resident(ProcessHandle process) throws IOException {
    return Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status")).stream()
            .filter(line -> line.startsWith("VmRSS:"))
            .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")))
            .findFirst()
            .orElse(0)
        * 1024;
  }

  private static String jcmd(ProcessHandle process, String command)
      throws IOException, InterruptedException {
    Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
    Process jcmd =
        new ProcessBuilder(
                java.resolveSibling("jcmd").toString(), String.valueOf(process.pid()), command)
            .redirectErrorStream(true)
            .start();
    String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    jcmd.waitFor(60, TimeUnit.SECONDS);
    return output;
  }
}
