package dev.mailgate;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Mailgate: OAuth 2.0 email gateway. Each package below this one is a feature (see DESIGN.md). */
@SpringBootApplication
@ConfigurationPropertiesScan
public class MailgateApplication {

  public static void main(String[] args) {
    SpringApplication.run(MailgateApplication.class, args);
  }
}
