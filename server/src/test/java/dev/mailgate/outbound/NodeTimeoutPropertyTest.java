package dev.mailgate.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailgate.system.InvalidInputException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code mailgate.outbound.node-timeout} as Spring binds it: a default, and a floor it names. */
class NodeTimeoutPropertyTest {

  private static OutboundProperties bind(Map<String, String> values) {
    return new Binder(new MapConfigurationPropertySource(values))
        .bindOrCreate("mailgate.outbound", OutboundProperties.class);
  }

  @Test
  void aNodeIsTakenForDeadAfterAMinuteWithoutHeartbeatByDefault() {
    assertThat(bind(Map.of()).nodeTimeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(bind(Map.of("mailgate.outbound.node-timeout", "90s")).nodeTimeout())
        .isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void aTimeoutTooShortForAHeartbeatEveryThirdOfItIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> bind(Map.of("mailgate.outbound.node-timeout", "2s")))
        .isInstanceOf(BindException.class)
        .rootCause()
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("mailgate.outbound.node-timeout must be at least 3s");
  }
}
