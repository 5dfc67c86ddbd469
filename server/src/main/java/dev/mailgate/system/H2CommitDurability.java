package dev.mailgate.system;

import java.util.Locale;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes an H2 database write every commit to its file before the commit returns ({@code
 * WRITE_DELAY=0}). H2's default keeps committed transactions in memory for up to half a second, so
 * a process killed in that time (kill -9, the OOM killer, a container stopped past its grace
 * period) loses them: the crash tests saw an accepted submission vanish and a message sent twice
 * because its committed claim was gone after the restart (ADR 0015). Added to any H2 URL that does
 * not set {@code WRITE_DELAY} itself. The file is written, not synced: a power loss can still take
 * the last commits; PostgreSQL is the database for that.
 */
@Configuration(proxyBeanMethods = false)
class H2CommitDurability {

  static final String SETTING = "WRITE_DELAY";

  @Bean
  static BeanPostProcessor h2WritesEachCommit() {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String name) {
        if (bean instanceof DataSourceProperties properties) {
          properties.setUrl(withWriteDelayZero(properties.getUrl()));
        }
        return bean;
      }
    };
  }

  /** The URL with {@code ;WRITE_DELAY=0} added if it is an H2 URL that does not set it. */
  static String withWriteDelayZero(String url) {
    if (url == null
        || !url.startsWith("jdbc:h2:")
        || url.toUpperCase(Locale.ROOT).contains(SETTING + "=")) {
      return url;
    }
    return url + ";" + SETTING + "=0";
  }
}
