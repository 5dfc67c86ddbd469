package dev.mailgate.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.testing.RunningMailgate;
import dev.mailgate.testing.TestDatabase;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings come from application.yml, a config file named by MAILGATE_CONFIG_FILE, and more. */
class ConfigurationSourcesTest {

  @TempDir Path dataDir;

  @Test
  void theConfigFileNamedByMailgateConfigFileIsRead() throws Exception {
    Path config = dataDir.resolve("mailgate.yml");
    Files.writeString(
        config,
        """
        mailgate:
          public-base-url: https://mail.example.test/
          admin:
            username: chief
        """);

    try (RunningMailgate mailgate =
        RunningMailgate.start(
            dataDir, TestDatabase.h2(dataDir), Map.of("MAILGATE_CONFIG_FILE", config.toString()))) {
      MailgateProperties properties = mailgate.bean(MailgateProperties.class);

      assertThat(properties.oauthRedirectUri())
          .isEqualTo(URI.create("https://mail.example.test/oauth_redirect.do"));
      assertThat(mailgate.bean(dev.mailgate.security.AdminProperties.class).username())
          .isEqualTo("chief");
    }
  }

  @Test
  void withoutAConfigFileTheDefaultsApply() {
    try (RunningMailgate mailgate = RunningMailgate.start(dataDir, TestDatabase.h2(dataDir))) {
      MailgateProperties properties = mailgate.bean(MailgateProperties.class);

      assertThat(properties.dataDir()).isEqualTo(dataDir.toAbsolutePath());
      assertThat(properties.oauthRedirectUri().getPath()).isEqualTo("/oauth_redirect.do");
      assertThat(mailgate.bean(dev.mailgate.security.AdminProperties.class).username())
          .isEqualTo("admin");
    }
  }
}
