package dev.mailgate.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How wrong sign-ins (admin passwords, API tokens) are slowed down.
 *
 * @param maxFailures wrong sign-ins in a row for one user name or one client address before it is
 *     locked. Default 5.
 * @param lockout how long the first lockout lasts; each further failure after it doubles it.
 *     Default 1m.
 * @param maxLockout the longest lockout. Default 15m.
 */
@ConfigurationProperties("mailgate.sign-in")
public record SignInProperties(
    @DefaultValue("5") int maxFailures,
    @DefaultValue("1m") Duration lockout,
    @DefaultValue("15m") Duration maxLockout) {}
