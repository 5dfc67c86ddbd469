package dev.mailgate.oauth;

import dev.mailgate.security.outboundurl.HostResolver;
import dev.mailgate.security.outboundurl.OutboundUrlGuard;
import dev.mailgate.security.outboundurl.OutboundUrlProperties;

/** Parts of the oauth feature built outside Spring, as the unit tests need them. */
final class OAuthTesting {

  private OAuthTesting() {}

  /** Provider calls through a guard that allows loopback, where the tests' providers listen. */
  static ProviderHttp http() {
    return http(new OutboundUrlGuard(new OutboundUrlProperties(true), HostResolver.system()));
  }

  static ProviderHttp http(OutboundUrlGuard guard) {
    return new ProviderHttp(guard);
  }
}
