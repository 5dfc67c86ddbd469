package dev.mailgate.credential;

import java.util.List;
import org.springframework.stereotype.Service;

/** What the UI banner lists: every credential needing re-authorization, with its accounts. */
@Service
public class ReauthorizationNotices {

  private final CredentialStatuses statuses;
  private final CredentialUsers users;

  ReauthorizationNotices(CredentialStatuses statuses, CredentialUsers users) {
    this.statuses = statuses;
    this.users = users;
  }

  public List<ReauthorizationNotice> pending() {
    return statuses.needingReauthorization().stream()
        .map(
            c ->
                new ReauthorizationNotice(
                    c.id(),
                    c.identity(),
                    c.providerName(),
                    c.stateReason(),
                    users.accountsUsing(c.providerId(), c.identity())))
        .toList();
  }
}
