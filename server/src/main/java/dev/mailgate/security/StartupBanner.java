package dev.mailgate.security;

import dev.mailgate.system.MailgateProperties;
import java.io.PrintStream;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * Tells the person who started Mailgate where it is and how to log in. A generated admin password
 * is printed here exactly once, straight to the console and never through the logger, so it does
 * not end up in collected logs.
 */
@Component
class StartupBanner implements ApplicationListener<ApplicationReadyEvent> {

  private final MailgateProperties properties;
  private final AdminAccount admin;
  private final PrintStream console;

  StartupBanner(MailgateProperties properties, AdminAccount admin) {
    this.properties = properties;
    this.admin = admin;
    this.console = System.out;
  }

  @Override
  public void onApplicationEvent(ApplicationReadyEvent event) {
    StringBuilder text = new StringBuilder();
    text.append("\n  Mailgate is ready at ").append(properties.publicBaseUrl()).append('\n');
    admin
        .takeGeneratedPassword()
        .ifPresentOrElse(
            password ->
                text.append("  Log in as '")
                    .append(admin.username())
                    .append("' with this generated password (shown only now): ")
                    .append(password)
                    .append('\n'),
            () ->
                text.append("  Log in as '")
                    .append(admin.username())
                    .append("' with the password set at first start (forgot it? restart with")
                    .append(
                        " MAILGATE_ADMIN_PASSWORD=<new> MAILGATE_ADMIN_RESET_PASSWORD=true)\n"));
    text.append("  OAuth redirect URL for your provider's app registration: ")
        .append(properties.oauthRedirectUri())
        .append('\n');
    console.println(text);
    console.flush();
  }
}
