package dev.mailgate.account;

import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/** Test Connection in the UI: the steps, their durations, the server's words and what to do. */
@Controller
class ConnectionTestController {

  private final ConnectionTester tester;
  private final JdbcAccountStore accounts;

  ConnectionTestController(ConnectionTester tester, JdbcAccountStore accounts) {
    this.tester = tester;
    this.accounts = accounts;
  }

  @GetMapping("/accounts/{id}/test")
  String page(@PathVariable UUID id, Model model) {
    model.addAttribute(
        "account",
        accounts
            .find(id)
            .orElseThrow(() -> new dev.mailgate.system.NotFoundException("account", id)));
    return "account/connection-test";
  }

  @PostMapping("/accounts/{id}/test")
  String run(@PathVariable UUID id, Model model) {
    model.addAttribute("result", tester.test(id));
    return page(id, model);
  }
}
