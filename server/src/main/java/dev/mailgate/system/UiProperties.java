package dev.mailgate.system;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the admin UI writes times.
 *
 * @param timeZone the zone every page shows times in, with its name (e.g. {@code Europe/Berlin});
 *     default: the zone of the machine Mailgate runs on; env {@code MAILGATE_UI_TIME_ZONE}
 */
@ConfigurationProperties("mailgate.ui")
public record UiProperties(String timeZone) {}
