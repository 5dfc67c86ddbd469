package dev.mailgate.oauth;

import dev.mailgate.system.MailgateException;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** A provider or profile cannot be deleted while accounts sign in through it. */
public class InUseException extends MailgateException {

  private final List<String> accounts;

  InUseException(String what, List<String> accounts) {
    super(
        what
            + " is used by the account"
            + (accounts.size() == 1 ? " " : "s ")
            + String.join(", ", accounts)
            + "; change those accounts to another profile, or delete them, first.");
    this.accounts = List.copyOf(accounts);
  }

  public List<String> accounts() {
    return accounts;
  }

  @Override
  public HttpStatus status() {
    return HttpStatus.CONFLICT;
  }

  @Override
  public String title() {
    return "In use";
  }

  @Override
  public Map<String, Object> properties() {
    return Map.of("accounts", accounts);
  }
}
