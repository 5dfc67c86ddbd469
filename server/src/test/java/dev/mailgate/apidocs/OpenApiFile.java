package dev.mailgate.apidocs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The committed copy of the OpenAPI document, {@code docs/openapi.json}, and how it is compared.
 */
final class OpenApiFile {

  /** Relative to the repository root. */
  static final String PATH = "docs/openapi.json";

  static final String UPDATE_COMMAND = "./mailgate openapi";

  /** The system property {@code ./mailgate openapi} sets to rewrite the file instead. */
  static final String UPDATE_PROPERTY = "mailgate.openapi.update";

  private static final JsonMapper JSON =
      JsonMapper.builder()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .build();

  private OpenApiFile() {}

  static boolean updateRequested() {
    return Boolean.getBoolean(UPDATE_PROPERTY);
  }

  static JsonNode json(String document) {
    return JSON.readTree(document);
  }

  /** Sorted keys, two-space indent, one final newline: a diff shows what changed in the API. */
  static String canonical(String document) {
    Object tree = JSON.readValue(document, java.util.TreeMap.class);
    return JSON.writeValueAsString(sorted(tree)) + "\n";
  }

  @SuppressWarnings("unchecked")
  private static Object sorted(Object node) {
    if (node instanceof java.util.Map<?, ?> map) {
      java.util.TreeMap<String, Object> copy = new java.util.TreeMap<>();
      map.forEach((k, v) -> copy.put((String) k, sorted(v)));
      return copy;
    }
    if (node instanceof List<?> list) {
      return list.stream().map(OpenApiFile::sorted).toList();
    }
    return node;
  }

  static String read() throws IOException {
    Path file = file();
    return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
  }

  static void write(String document) throws IOException {
    Files.writeString(file(), document, StandardCharsets.UTF_8);
  }

  /** Surefire runs in the module directory ({@code server/}); the file is in the repository's. */
  private static Path file() {
    Path here = Path.of("").toAbsolutePath();
    Path root = Files.exists(here.resolve("docs/adr")) ? here : here.getParent();
    return root.resolve(PATH);
  }

  static String firstDifference(String committed, String generated) {
    String[] a = committed.split("\n", -1);
    String[] b = generated.split("\n", -1);
    for (int i = 0; i < Math.max(a.length, b.length); i++) {
      String left = i < a.length ? a[i] : "<end of file>";
      String right = i < b.length ? b[i] : "<end of file>";
      if (!left.equals(right)) {
        return "line " + (i + 1) + ": committed " + left.strip() + " | generated " + right.strip();
      }
    }
    return "none";
  }

  /** Every {@code $ref} to {@code #/...} that does not point at a node of the document. */
  static List<String> danglingReferences(JsonNode document) {
    List<String> dangling = new ArrayList<>();
    collect(document, document, dangling);
    return dangling;
  }

  private static void collect(JsonNode root, JsonNode node, List<String> dangling) {
    if (node.isObject()) {
      JsonNode ref = node.get("$ref");
      if (ref != null && ref.isString() && ref.asString().startsWith("#/")) {
        if (root.at(ref.asString().substring(1)).isMissingNode()) {
          dangling.add(ref.asString());
        }
      }
    }
    node.forEach(child -> collect(root, child, dangling));
  }
}
