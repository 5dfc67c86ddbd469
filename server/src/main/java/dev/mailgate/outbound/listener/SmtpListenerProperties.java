package dev.mailgate.outbound.listener;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The local SMTP submission listener: applications on this host hand Mailgate mail over SMTP with
 * the user name and password of an SMTP client created by the admin.
 *
 * @param enabled whether the listener runs. Default false; env {@code
 *     MAILGATE_SMTP_LISTENER_ENABLED}.
 * @param address the address it binds to. Default 127.0.0.1; any address that is not loopback needs
 *     {@code tls-key-store}, or Mailgate refuses to start.
 * @param port the port. Default 2587 (0: any free port).
 * @param tlsKeyStore a PKCS#12 key store with the listener's certificate and key; when set,
 *     STARTTLS is required before AUTH. Default none.
 * @param tlsKeyStorePassword the key store's password, from the environment ({@code
 *     MAILGATE_SMTP_LISTENER_TLS_KEY_STORE_PASSWORD}) or a config file outside the repository.
 * @param maxConnections at most this many sessions at once. Default 50.
 * @param timeout an idle session is closed after this. Default 60s.
 */
@ConfigurationProperties("mailgate.smtp-listener")
public record SmtpListenerProperties(
    @DefaultValue("false") boolean enabled,
    @DefaultValue("127.0.0.1") String address,
    @DefaultValue("2587") int port,
    Path tlsKeyStore,
    String tlsKeyStorePassword,
    @DefaultValue("50") int maxConnections,
    @DefaultValue("60s") Duration timeout) {}
