package dev.mailgate.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Prints an answer as {@code --output} says: {@code json}, the API's JSON unchanged (pretty), for
 * scripts and {@code jq}; {@code table}, chosen columns aligned, for people.
 */
final class Output {

  enum Format {
    table,
    json
  }

  /** A column: its heading and the JSON pointer of its value in one item. */
  record Column(String heading, String pointer) {}

  private static final JsonMapper PRETTY =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private final Format format;
  private final PrintWriter out;

  Output(Format format, PrintWriter out) {
    this.format = format;
    this.out = out;
  }

  static Column column(String heading, String pointer) {
    return new Column(heading, pointer);
  }

  /** A list of items (a JSON array), or one item, as a table of {@code columns}. */
  void print(JsonNode answer, Column... columns) {
    if (format == Format.json) {
      out.println(PRETTY.writeValueAsString(answer));
    } else {
      List<JsonNode> items = new ArrayList<>();
      if (answer.isArray()) {
        answer.forEach(items::add);
      } else {
        items.add(answer);
      }
      table(items, List.of(columns), true);
    }
    out.flush();
  }

  /** Rows without a heading, e.g. each new message of {@code messages tail}. */
  void rows(List<JsonNode> items, Column... columns) {
    if (format == Format.json) {
      items.forEach(item -> out.println(item.toString()));
    } else {
      table(items, List.of(columns), false);
    }
    out.flush();
  }

  private void table(List<JsonNode> items, List<Column> columns, boolean heading) {
    List<String[]> rows = new ArrayList<>();
    if (heading) {
      rows.add(columns.stream().map(Column::heading).toArray(String[]::new));
    }
    for (JsonNode item : items) {
      rows.add(columns.stream().map(c -> cell(item.at(c.pointer()))).toArray(String[]::new));
    }
    int[] widths = new int[columns.size()];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
      }
      out.println(line.toString().stripTrailing());
    }
  }

  private static String cell(JsonNode value) {
    if (value.isMissingNode() || value.isNull()) {
      return "-";
    }
    if (value.isArray()) {
      List<String> parts = new ArrayList<>();
      value.forEach(v -> parts.add(v.isObject() ? v.toString() : v.asString()));
      return String.join(",", parts);
    }
    return value.isObject() ? value.toString() : value.asString();
  }
}
