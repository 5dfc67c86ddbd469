package dev.mailgate.oauth;

import dev.mailgate.oauth.OAuthProvider.ProviderPreset;
import org.springframework.stereotype.Component;

/**
 * Fills in a provider from a preset: Microsoft 365 from a tenant, Google from nothing but the
 * client, any OpenID provider from its issuer URL. Custom providers are entered field by field.
 */
@Component
class ProviderPresets {

  private final MicrosoftPreset microsoft;
  private final GooglePreset google;
  private final OpenIdPreset openId;

  ProviderPresets(ProviderDiscovery discovery, PresetProperties properties) {
    this.microsoft = new MicrosoftPreset(properties.microsoftLoginBase(), discovery);
    this.google = new GooglePreset(properties.googleAccountsIssuer(), discovery);
    this.openId = new OpenIdPreset(discovery);
  }

  PresetDraft fill(ProviderPreset preset, ProviderInput in) {
    return switch (preset) {
      case MICROSOFT_365 -> microsoft.fill(in);
      case GOOGLE -> google.fill(in);
      case OPENID -> openId.fill(in);
      case CUSTOM -> throw new IllegalArgumentException("a custom provider has no preset");
    };
  }
}
