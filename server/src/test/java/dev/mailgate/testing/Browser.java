package dev.mailgate.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium (Debian's {@code chromium} + {@code chromium-driver}) driven by
 * Selenium. CI installs both and sets {@code MAILGATE_BROWSER_TESTS=required}, so a missing browser
 * fails there; on a developer machine without Chromium the browser tests are skipped with a message
 * saying how to install it.
 */
public final class Browser {

  private static final String CHROMIUM = "/usr/bin/chromium";
  private static final String DRIVER = "/usr/bin/chromedriver";

  private Browser() {}

  public static ChromeDriver start() {
    if (!new File(CHROMIUM).canExecute() || !new File(DRIVER).canExecute()) {
      String message =
          "Chromium and its driver are needed for the browser tests: apt-get install chromium"
              + " chromium-driver (.ci/run does it)";
      if ("required".equals(System.getenv("MAILGATE_BROWSER_TESTS"))) {
        fail(message);
      }
      Assumptions.abort(message);
    }
    try {
      Path profile = Files.createTempDirectory("mailgate-chromium");
      profile.toFile().deleteOnExit();
      ChromeOptions options = new ChromeOptions();
      options.setBinary(CHROMIUM);
      // The flags a closed, root-run CI machine needs: no sandbox (root), no GPU, and none of
      // Chromium's own network traffic, which this machine's network refuses.
      options.addArguments(
          "--headless=new",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-dev-shm-usage",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--window-size=1280,900",
          "--user-data-dir=" + profile);
      ChromeDriverService service =
          new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER)).build();
      ChromeDriver driver = new ChromeDriver(service, options);
      driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
      return driver;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
