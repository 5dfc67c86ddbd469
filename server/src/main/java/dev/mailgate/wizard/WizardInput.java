package dev.mailgate.wizard;

/**
 * What the admin typed into a wizard. {@code tenant} is Microsoft's tenant (id or domain) or
 * Google's Workspace domain (only a name there); {@code graph} asks for a Microsoft Graph account
 * instead of IMAP + SMTP.
 */
record WizardInput(
    String tenant, String clientId, String clientSecret, String mailbox, boolean graph) {

  @Override
  public String toString() {
    return "WizardInput[tenant=" + tenant + ", clientId=" + clientId + ", mailbox=" + mailbox + "]";
  }
}
