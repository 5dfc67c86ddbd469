package dev.mailgate.sendinglimit;

import dev.mailgate.oauth.OAuthProvider.ProviderPreset;
import java.util.Locale;
import java.util.Set;

/**
 * The providers' published sending limits, the defaults of an account that has none set: Exchange
 * Online's "message rate limit" of 30 messages a minute and "recipient rate limit" of 10,000 a day
 * (https://learn.microsoft.com/office365/servicedescriptions/exchange-online-service-description/exchange-online-limits),
 * Google Workspace's 2,000 messages a day and consumer Gmail's 500
 * (https://support.google.com/a/answer/166852). An account is known by its provider's preset, or,
 * signing in with a password, by its server's host.
 */
final class PresetLimits {

  static final SendingLimits EXCHANGE_ONLINE = new SendingLimits(30, null, 10_000);
  static final SendingLimits GOOGLE_WORKSPACE = new SendingLimits(null, 2_000, null);
  static final SendingLimits CONSUMER_GMAIL = new SendingLimits(null, 500, null);

  private static final Set<String> GMAIL_DOMAINS = Set.of("gmail.com", "googlemail.com");

  private PresetLimits() {}

  /** Which provider's limits apply, in words for the page; null when none is known. */
  static String source(ProviderPreset preset, String address, String host) {
    return switch (family(preset, host)) {
      case MICROSOFT -> "Exchange Online";
      case GOOGLE -> consumer(address) ? "consumer Gmail" : "Google Workspace";
      case OTHER -> null;
    };
  }

  static SendingLimits of(ProviderPreset preset, String address, String host) {
    return switch (family(preset, host)) {
      case MICROSOFT -> EXCHANGE_ONLINE;
      case GOOGLE -> consumer(address) ? CONSUMER_GMAIL : GOOGLE_WORKSPACE;
      case OTHER -> SendingLimits.NONE;
    };
  }

  private enum Family {
    MICROSOFT,
    GOOGLE,
    OTHER
  }

  private static Family family(ProviderPreset preset, String host) {
    if (preset == ProviderPreset.MICROSOFT_365) {
      return Family.MICROSOFT;
    }
    if (preset == ProviderPreset.GOOGLE) {
      return Family.GOOGLE;
    }
    String h = host == null ? "" : host.strip().toLowerCase(Locale.ROOT);
    if (h.endsWith(".office365.com") || h.endsWith(".outlook.com")) {
      return Family.MICROSOFT;
    }
    if (h.endsWith(".gmail.com") || h.endsWith(".googlemail.com")) {
      return Family.GOOGLE;
    }
    return Family.OTHER;
  }

  private static boolean consumer(String address) {
    int at = address == null ? -1 : address.lastIndexOf('@');
    return at >= 0 && GMAIL_DOMAINS.contains(address.substring(at + 1).toLowerCase(Locale.ROOT));
  }
}
