package dev.mailgate.wizard;

import dev.mailgate.oauth.OAuthProvider.ProviderPreset;
import java.util.List;

/**
 * What the admin sets in the provider's console before filling in the wizard, as the console names
 * it (the portal lists Exchange's delegated IMAP and SMTP permissions under Microsoft Graph;
 * Google's consent screen lists the Gmail scope by its URL). The redirect URI comes from the public
 * base URL.
 */
record RegistrationSettings(List<Setting> settings) {

  /**
   * One line: where in the console, and what to set there.
   *
   * @param copy whether {@code value} is to be copied as it stands (a URI, permission names), or is
   *     a choice or step described in words
   */
  record Setting(String where, String value, boolean copy) {}

  static RegistrationSettings of(ProviderPreset preset, String redirectUri) {
    return preset == ProviderPreset.GOOGLE ? google(redirectUri) : microsoft(redirectUri);
  }

  private static RegistrationSettings microsoft(String redirectUri) {
    return new RegistrationSettings(
        List.of(
            new Setting(
                "Entra admin center > App registrations > New registration > Supported account"
                    + " types",
                "Accounts in this organizational directory only (single tenant); for personal"
                    + " Outlook.com or Hotmail mailboxes (tenant consumers): Personal Microsoft"
                    + " accounts only",
                false),
            new Setting("Authentication > Add a platform > Web > Redirect URI", redirectUri, true),
            new Setting(
                "API permissions > Microsoft Graph > Delegated (IMAP + SMTP)",
                "IMAP.AccessAsUser.All, SMTP.Send, offline_access, openid, email, profile,"
                    + " User.Read",
                true),
            new Setting(
                "API permissions > Microsoft Graph > Delegated (Graph instead)",
                "Mail.ReadWrite, Mail.Send, offline_access, openid, email, profile, User.Read",
                true),
            new Setting(
                "API permissions",
                "Grant admin consent for your organisation (or let each owner"
                    + " consent at sign-in)",
                false),
            new Setting(
                "Certificates & secrets > New client secret",
                "Copy its Value (shown once; at most 24 months) into Client secret below, or"
                    + " choose a certificate below and upload it under Certificates",
                false)));
  }

  private static RegistrationSettings google(String redirectUri) {
    return new RegistrationSettings(
        List.of(
            new Setting(
                "Google Cloud console > APIs & Services > Library", "Gmail API: Enable", false),
            new Setting(
                "OAuth consent screen > Scopes", "https://mail.google.com/, openid, email", true),
            new Setting(
                "OAuth consent screen > Publishing status",
                "In production (in Testing, refresh tokens die after 7 days), or User type"
                    + " Internal for Workspace",
                false),
            new Setting(
                "Credentials > Create credentials > OAuth client ID > Application type",
                "Web application",
                false),
            new Setting("Authorized redirect URIs", redirectUri, true),
            new Setting(
                "The client's page",
                "Copy Client ID and Client secret into the fields below",
                false)));
  }
}
