package dev.mailgate.account;

import dev.mailgate.system.ApiController;
import dev.mailgate.system.NotFoundException;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;

@ApiController
@RequestMapping("/api/v1/accounts")
class AccountApiController {

  private final JdbcAccountStore accounts;

  AccountApiController(JdbcAccountStore accounts) {
    this.accounts = accounts;
  }

  @GetMapping
  List<EmailAccount> list() {
    return accounts.list();
  }

  @GetMapping("/{id}")
  EmailAccount one(@PathVariable UUID id) {
    return accounts.find(id).orElseThrow(() -> new NotFoundException("account", id));
  }
}
