package dev.mailgate.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The data directory holds every stored mail (the H2 database) and maybe the master key: it is made
 * 0700 before the database is opened, and its files 0600 once Mailgate has started (H2 creates its
 * files with the process's umask), where the file system has POSIX permissions. Elsewhere (Windows)
 * the directory's own ACLs apply, and a warning says so.
 */
@Component
class DataDirectoryPermissions
    implements BeanFactoryPostProcessor,
        EnvironmentAware,
        ApplicationListener<ApplicationStartedEvent> {

  private static final Logger log = LoggerFactory.getLogger(DataDirectoryPermissions.class);

  private Path dataDir;

  @Override
  public void setEnvironment(Environment environment) {
    dataDir =
        Path.of(environment.getProperty("mailgate.data-dir", MailgateProperties.DEFAULT_DATA_DIR));
  }

  /** Before any bean, so before the database creates its files. */
  @Override
  public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
    try {
      Files.createDirectories(dataDir);
      restrict(dataDir, "rwx------");
    } catch (IOException e) {
      log.warn("Could not create or restrict the data directory {}: {}", dataDir, e.getMessage());
    }
  }

  @Override
  public void onApplicationEvent(ApplicationStartedEvent event) {
    try (Stream<Path> files = Files.list(dataDir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        restrict(file, "rw-------");
      }
    } catch (IOException e) {
      log.warn("Could not restrict the files of {}: {}", dataDir, e.getMessage());
    }
  }

  private static void restrict(Path path, String permissions) throws IOException {
    PosixFileAttributeView posix = Files.getFileAttributeView(path, PosixFileAttributeView.class);
    if (posix == null) {
      log.warn(
          "{} is on a file system without POSIX permissions; make sure only Mailgate's user can"
              + " read it",
          path);
      return;
    }
    posix.setPermissions(PosixFilePermissions.fromString(permissions));
  }
}
