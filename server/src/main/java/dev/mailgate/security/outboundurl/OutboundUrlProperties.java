package dev.mailgate.security.outboundurl;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The guard on every URL Mailgate calls because an admin configured it (provider endpoints,
 * discovery, userinfo, revocation, JWKS, webhooks).
 *
 * @param allowPrivate call loopback, private, link-local, CGNAT, benchmark and unique-local
 *     addresses too, and plain http on loopback (default false: only public https addresses). The
 *     sandbox, the demo and the tests set it; a deployment whose provider is on its own network
 *     does too. Mail server hosts are not affected: internal mail servers are normal.
 */
@ConfigurationProperties("mailgate.outbound-urls")
public record OutboundUrlProperties(@DefaultValue("false") boolean allowPrivate) {}
