package dev.mailgate.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What one benchmark class measured, as the markdown section {@code ./mailgate bench} puts into
 * docs/benchmark-results.md: a title, the parameters it ran with, one table and notes. Written to
 * {@code target/benchmark/<name>.md} when the class ends (and printed), so a benchmark run alone
 * leaves its section too.
 */
final class BenchReport {

  private final String name;
  private final String title;
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  BenchReport(String name, String title, String... header) {
    this.name = name;
    this.title = title;
    this.header = List.of(header);
  }

  synchronized void row(Object... cells) {
    List<String> row = new ArrayList<>();
    for (Object cell : cells) {
      row.add(String.valueOf(cell));
    }
    rows.add(row);
    System.out.println(name + ": " + String.join(" | ", row));
  }

  synchronized void note(String format, Object... args) {
    String note = String.format(format, args);
    notes.add(note);
    System.out.println(name + ": " + note);
  }

  synchronized String markdown() {
    StringBuilder text = new StringBuilder("## ").append(title).append("\n\n");
    text.append("| ").append(String.join(" | ", header)).append(" |\n");
    text.append("|").append("---|".repeat(header.size())).append("\n");
    for (List<String> row : rows) {
      text.append("| ").append(String.join(" | ", row)).append(" |\n");
    }
    text.append("\n");
    for (String note : notes) {
      text.append("- ").append(note).append("\n");
    }
    return text.append("\n").toString();
  }

  /** Writes the section to target/benchmark/<name>.md. */
  synchronized void write() {
    Path file = Path.of("target", "benchmark", name + ".md");
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, markdown());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    System.out.println(markdown());
  }

  static String ms(double nanos) {
    return String.format("%.2f ms", nanos / 1e6);
  }

  static String rate(int messages, long nanos) {
    return String.format("%.1f/s", messages / (nanos / 1e9));
  }

  static String seconds(long nanos) {
    return String.format("%.2f s", nanos / 1e9);
  }

  /** The 1-minute load average now ({@code /proc/loadavg}), to say how busy the machine was. */
  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }
}
