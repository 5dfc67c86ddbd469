package dev.mailgate.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A node's key stays the same across its restarts (its data directory, or the name it is given);
 * each start has an id of its own.
 */
class NodeNameTest {

  private static NodeName start(String name, String dataDir) {
    return new NodeName(
        new NodeProperties(name),
        new MailgateProperties(Path.of(dataDir), null, 8080, "127.0.0.1", null));
  }

  @Test
  void aRestartOnTheSameDataDirectoryIsTheSameNodeWithANewRun() {
    NodeName first = start(null, "data/../data");
    NodeName again = start(" ", "data");

    assertThat(again.key())
        .isEqualTo(first.key())
        .endsWith(Path.of("data").toAbsolutePath().toString());
    assertThat(again.id()).isNotEqualTo(first.id());
  }

  @Test
  void anotherDataDirectoryOrANameIsAnotherNode() {
    assertThat(start(null, "node-a").key()).isNotEqualTo(start(null, "node-b").key());
    assertThat(start("mail-1", "data").key()).isEqualTo("mail-1");
    assertThat(start("mail-1", "data").id()).startsWith("mail-1-");
  }
}
