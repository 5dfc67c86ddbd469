package dev.mailgate.testing;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;

/**
 * Extra configuration of a child Mailgate (see {@link CrashPoints}): once the application is ready
 * it prints {@code MAILGATE-READY <port>}, so the parent learns the free port it got.
 */
public class ReadyLine implements ApplicationListener<ApplicationReadyEvent> {

  static final String MARKER = "MAILGATE-READY ";

  @Override
  public void onApplicationEvent(ApplicationReadyEvent event) {
    int port =
        ((WebServerApplicationContext) event.getApplicationContext()).getWebServer().getPort();
    System.out.println(MARKER + port);
    System.out.flush();
  }
}
