package dev.mailgate.outbound.listener;

/** A client just created, with its password: shown on this one response and never again. */
public record IssuedSmtpClient(SmtpClient client, String password) {

  @Override
  public String toString() {
    return "IssuedSmtpClient[client=" + client + "]";
  }
}
