package dev.mailgate.demo;

import dev.mailgate.MailgateApplication;
import dev.mailgate.sandbox.Sandbox;
import dev.mailgate.sandbox.SandboxMailServer;
import dev.mailgate.sandbox.SandboxMain;
import dev.mailgate.sandbox.SandboxPorts;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;

/**
 * {@code ./mailgate demo}: the sandbox OAuth provider and mail server on their fixed ports, and
 * Mailgate beside them with the "demo" profile, its H2 database under {@code ./data}, and the
 * sandbox provider and demo accounts already registered ({@link DemoData}); Graph accounts reach
 * the sandbox's Graph stand-in.
 */
public final class DemoApplication {

  private DemoApplication() {}

  public static void main(String[] args) {
    run(SandboxPorts.fixed(), args);
  }

  /** Starts the demo; the sandbox stops with the returned context. */
  public static ConfigurableApplicationContext run(SandboxPorts ports, String... args) {
    Sandbox sandbox = Sandbox.start(ports);
    SandboxMain.describe(sandbox, System.out);
    try {
      ConfigurableApplicationContext context =
          new SpringApplicationBuilder(MailgateApplication.class)
              .profiles("demo")
              .properties(
                  Map.of(
                      "mailgate.mail.trust-store",
                      SandboxMailServer.trustStore().toString(),
                      "mailgate.mail.trust-store-password",
                      SandboxMailServer.TRUST_STORE_PASSWORD,
                      // Graph accounts reach the sandbox's stand-in, not Microsoft
                      "mailgate.graph.base-url",
                      sandbox.graph().baseUrl()))
              .initializers(
                  ctx -> {
                    ctx.getBeanFactory().registerSingleton("sandbox", sandbox);
                    ctx.addApplicationListener(
                        event -> {
                          if (event instanceof ContextClosedEvent) {
                            sandbox.close();
                          }
                        });
                  })
              .run(args);
      return context;
    } catch (RuntimeException e) {
      sandbox.close();
      throw e;
    }
  }
}
