package dev.mailgate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No package cycle between the server's features (STYLE.md, issue 14): the dependency graph is read
 * from the compiled classes by the JDK's {@code jdeps}, so a fully qualified name in the code
 * counts as much as an import. A feature is a package directly under {@code dev.mailgate}; its
 * sub-packages ({@code security.crypto}) belong to it.
 */
class FeatureCyclesTest {

  private static final Pattern EDGE =
      Pattern.compile("^\\s+(dev\\.mailgate\\.[\\w.]+)\\s+->\\s+(dev\\.mailgate\\.[\\w.]+)\\s");

  private static Map<String, Set<String>> features;

  @BeforeAll
  static void readTheServersClasses() throws URISyntaxException {
    Path classes =
        Path.of(
            MailgateApplication.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    features = featureGraph(jdeps(classes.toString()));
  }

  @Test
  void noFeatureDependsOnItselfThroughAnother() {
    assertThat(cycles(features))
        .as("package cycles between features (each line: a cycle, read left to right)")
        .isEmpty();
  }

  @Test
  void theAuthorizationFlowSitsAboveTheProviderRegistryAndTheTokens() {
    // Also proves the graph was read at all: a jdeps whose output this test no longer parses
    // would give an empty graph, and the cycle check above would pass on nothing.
    assertThat(features.get("authorization")).contains("oauth", "credential", "account");
    assertThat(features.get("credential")).contains("oauth").doesNotContain("authorization");
    assertThat(features.get("oauth")).doesNotContain("credential", "authorization", "account");
  }

  @Test
  void aCycleIsFoundAndNamed() {
    Map<String, Set<String>> graph = new TreeMap<>();
    graph.put("a", Set.of("b"));
    graph.put("b", Set.of("c", "d"));
    graph.put("c", Set.of("a"));
    graph.put("d", Set.of());

    assertThat(cycles(graph)).containsExactly("a -> b -> c -> a");
    assertThat(cycles(Map.of("a", Set.of("b"), "b", Set.of()))).isEmpty();
  }

  private static String jdeps(String classes) {
    ToolProvider jdeps =
        ToolProvider.findFirst("jdeps")
            .orElseThrow(() -> new AssertionError("jdeps is missing: run the tests on a JDK"));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status =
        jdeps.run(
            new PrintWriter(out),
            new PrintWriter(err),
            "-verbose:package",
            "-filter:none",
            classes);
    assertThat(status).as("jdeps: %s", err).isZero();
    return out.toString();
  }

  /** Feature → the other features its classes use. */
  static Map<String, Set<String>> featureGraph(String jdepsOutput) {
    Map<String, Set<String>> graph = new TreeMap<>();
    for (String line : jdepsOutput.split("\\R")) {
      Matcher edge = EDGE.matcher(line);
      if (!edge.find()) {
        continue;
      }
      String from = feature(edge.group(1));
      String to = feature(edge.group(2));
      if (from != null && to != null) {
        graph.computeIfAbsent(from, f -> new TreeSet<>());
        if (!from.equals(to)) {
          graph.get(from).add(to);
        }
      }
    }
    return graph;
  }

  /** {@code dev.mailgate.security.crypto} → {@code security}; the root package is no feature. */
  private static String feature(String packageName) {
    String[] parts = packageName.split("\\.");
    return parts.length < 3 ? null : parts[2];
  }

  /**
   * One cycle per strongly connected group of features (Tarjan), written as the path that leaves
   * the group's first feature and comes back to it.
   */
  static List<String> cycles(Map<String, Set<String>> graph) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    List<Set<String>> groups = new ArrayList<>();
    for (String node : new TreeSet<>(graph.keySet())) {
      if (!index.containsKey(node)) {
        connect(node, graph, index, low, stack, groups);
      }
    }
    List<String> cycles = new ArrayList<>();
    for (Set<String> group : groups) {
      if (group.size() > 1) {
        cycles.add(pathBack(group.iterator().next(), group, graph));
      }
    }
    return cycles;
  }

  private static void connect(
      String node,
      Map<String, Set<String>> graph,
      Map<String, Integer> index,
      Map<String, Integer> low,
      Deque<String> stack,
      List<Set<String>> groups) {
    index.put(node, index.size());
    low.put(node, index.get(node));
    stack.push(node);
    for (String next : new TreeSet<>(graph.getOrDefault(node, Set.of()))) {
      if (!index.containsKey(next)) {
        connect(next, graph, index, low, stack, groups);
        low.put(node, Math.min(low.get(node), low.get(next)));
      } else if (stack.contains(next)) {
        low.put(node, Math.min(low.get(node), index.get(next)));
      }
    }
    if (low.get(node).equals(index.get(node))) {
      Set<String> group = new TreeSet<>();
      String member;
      do {
        member = stack.pop();
        group.add(member);
      } while (!member.equals(node));
      groups.add(group);
    }
  }

  /** The shortest path from {@code start} back to itself inside its group (breadth first). */
  private static String pathBack(String start, Set<String> group, Map<String, Set<String>> graph) {
    Map<String, String> cameFrom = new LinkedHashMap<>();
    Deque<String> queue = new ArrayDeque<>(List.of(start));
    while (!queue.isEmpty()) {
      String node = queue.poll();
      for (String next : new TreeSet<>(graph.getOrDefault(node, Set.of()))) {
        if (next.equals(start)) {
          List<String> path = new ArrayList<>(List.of(start));
          for (String at = node; !at.equals(start); at = cameFrom.get(at)) {
            path.add(1, at);
          }
          path.add(start);
          return String.join(" -> ", path);
        }
        if (group.contains(next) && !cameFrom.containsKey(next)) {
          cameFrom.put(next, node);
          queue.add(next);
        }
      }
    }
    throw new IllegalStateException("no way back to " + start + " in " + group);
  }
}
