package dev.mailgate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What {@code ./mailgate sandbox} prints: where everything runs and how to sign in. */
class SandboxMainTest {

  @RegisterExtension static SandboxExtension sandbox = SandboxExtension.withFreePorts();

  @Test
  void theDescriptionNamesTheEndpointsPortsAndMailboxes() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();

    SandboxMain.describe(sandbox.sandbox(), new PrintStream(printed, true, StandardCharsets.UTF_8));

    SandboxPorts ports = sandbox.ports();
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains(sandbox.oauth().issuer())
        .contains(sandbox.oauth().discoveryUrl())
        .contains(sandbox.oauth().tokenUrl())
        .contains("IMAPS " + ports.imaps())
        .contains("SMTPS " + ports.smtps())
        .contains("POP3S " + ports.pop3s())
        .contains(Sandbox.SERVICEDESK);
  }
}
