package dev.mailgate.outbound.listener;

import dev.mailgate.account.AccountService;
import dev.mailgate.account.EmailAccount;
import dev.mailgate.system.InvalidInputException;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Integrations > SMTP clients: create (the password is shown on this one response only), delete.
 */
@Controller
@RequestMapping("/settings/smtp-clients")
class SmtpClientPageController {

  private final SmtpClients clients;
  private final AccountService accounts;
  private final SmtpListenerProperties listener;

  SmtpClientPageController(
      SmtpClients clients, AccountService accounts, SmtpListenerProperties listener) {
    this.clients = clients;
    this.accounts = accounts;
    this.listener = listener;
  }

  @GetMapping
  String list(Model model) {
    model.addAttribute("clients", clients.list());
    model.addAttribute(
        "accounts",
        accounts.list().stream().filter(a -> a.type() == EmailAccount.AccountType.SMTP).toList());
    model.addAttribute("listener", listener);
    model.addAttribute(
        "accountNames",
        accounts.list().stream()
            .collect(java.util.stream.Collectors.toMap(EmailAccount::id, EmailAccount::name)));
    return "outbound/smtp-clients";
  }

  @PostMapping
  String create(
      @RequestParam(defaultValue = "") String username,
      @RequestParam(defaultValue = "") String account,
      Model model) {
    try {
      model.addAttribute("issued", clients.create(username, account));
    } catch (InvalidInputException e) {
      model.addAttribute("error", e.getMessage());
      model.addAttribute("errorField", e.field());
      model.addAttribute("username", username);
    }
    return list(model);
  }

  @PostMapping("/{id}/delete")
  String delete(@PathVariable UUID id) {
    clients.delete(id);
    return "redirect:/settings/smtp-clients";
  }
}
