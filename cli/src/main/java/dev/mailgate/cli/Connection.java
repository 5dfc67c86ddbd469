package dev.mailgate.cli;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Where Mailgate is and the API token to send, in this order: {@code --url}, the environment
 * ({@code MAILGATE_URL}, {@code MAILGATE_API_TOKEN}), then the config file ({@code --config}, else
 * {@code MAILGATE_CLI_CONFIG}, else {@code ~/.config/mailgate/cli.properties}) with {@code url=}
 * and {@code token=}. The token is never an option: a command line is visible to every user of the
 * machine ({@code ps}).
 */
record Connection(URI url, String token) {

  static final String DEFAULT_URL = "http://localhost:8080";

  static Connection resolve(String urlOption, Path configOption, Map<String, String> env) {
    Properties file = read(configFile(configOption, env));
    String url = first(urlOption, env.get("MAILGATE_URL"), file.getProperty("url"), DEFAULT_URL);
    String token = first(env.get("MAILGATE_API_TOKEN"), file.getProperty("token"), null);
    return new Connection(URI.create(url.replaceAll("/+$", "")), token);
  }

  private static Path configFile(Path option, Map<String, String> env) {
    if (option != null) {
      return option;
    }
    if (env.get("MAILGATE_CLI_CONFIG") != null) {
      return Path.of(env.get("MAILGATE_CLI_CONFIG"));
    }
    String home = env.getOrDefault("HOME", System.getProperty("user.home"));
    return Path.of(home, ".config", "mailgate", "cli.properties");
  }

  private static Properties read(Path file) {
    Properties properties = new Properties();
    if (Files.isRegularFile(file)) {
      try (Reader reader = Files.newBufferedReader(file)) {
        properties.load(reader);
      } catch (IOException e) {
        throw new ApiException(Exit.USAGE, "The config file " + file + " cannot be read: " + e);
      }
    }
    return properties;
  }

  private static String first(String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return value.strip();
      }
    }
    return null;
  }
}
