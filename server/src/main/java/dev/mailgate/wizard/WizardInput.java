package dev.mailgate.wizard;

import java.util.Locale;

/**
 * What the admin typed into a wizard. {@code tenant} is Microsoft's tenant (id or domain) or
 * Google's Workspace domain (only a name there); {@code graph} asks for a Microsoft Graph account
 * instead of IMAP + SMTP. {@code clientAuth} is how Mailgate proves it is the application: with
 * {@code clientSecret}, or with a certificate it generates or reads from {@code certificateFile}
 * (PKCS#12, opened with {@code certificatePassword}).
 */
record WizardInput(
    String tenant,
    String clientId,
    ClientAuth clientAuth,
    String clientSecret,
    byte[] certificateFile,
    String certificatePassword,
    String mailbox,
    boolean graph) {

  /** The wizard's choice of client authentication (ADR 0029 for the certificates). */
  enum ClientAuth {
    /** A client secret, sent to the token endpoint. */
    SECRET,
    /** A certificate Mailgate generates; the admin uploads it to the app registration. */
    GENERATED_CERTIFICATE,
    /** A certificate and key from a PKCS#12 file, uploaded to the app registration before. */
    IMPORTED_CERTIFICATE;

    /**
     * The form's value: {@code secret} (also when left out), {@code certificate}, {@code pkcs12}.
     */
    static ClientAuth of(String value) {
      return switch (value == null ? "" : value.strip().toLowerCase(Locale.ROOT)) {
        case "certificate" -> GENERATED_CERTIFICATE;
        case "pkcs12" -> IMPORTED_CERTIFICATE;
        default -> SECRET;
      };
    }

    boolean certificate() {
      return this != SECRET;
    }
  }

  @Override
  public String toString() {
    return "WizardInput[tenant="
        + tenant
        + ", clientId="
        + clientId
        + ", clientAuth="
        + clientAuth
        + ", mailbox="
        + mailbox
        + "]";
  }
}
