package dev.mailgate.sendinglimit;

import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.sendinglimit.AccountSendingLimits.AccountLimits;
import dev.mailgate.system.InvalidInputException;
import dev.mailgate.system.NotFoundException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The account's sending limits page: the provider's defaults, and the admin's own figures. */
@Controller
class SendingLimitPageController {

  private final AccountSendingLimits limits;
  private final JdbcAccountStore accounts;

  SendingLimitPageController(AccountSendingLimits limits, JdbcAccountStore accounts) {
    this.limits = limits;
    this.accounts = accounts;
  }

  @GetMapping("/accounts/{id}/sending-limits")
  String page(@PathVariable UUID id, Model model) {
    AccountLimits current = limits.of(id);
    if (!model.containsAttribute("form")) {
      model.addAttribute("form", form(current.limits()));
    }
    model.addAttribute("limits", current);
    model.addAttribute(
        "account", accounts.find(id).orElseThrow(() -> new NotFoundException("account", id)));
    return "account/sending-limits";
  }

  @PostMapping("/accounts/{id}/sending-limits")
  String save(@PathVariable UUID id, @RequestParam Map<String, String> form, Model model) {
    try {
      limits.set(
          id,
          new SendingLimits(
              number(form, "perMinute"), number(form, "perDay"), number(form, "recipientsPerDay")));
    } catch (InvalidInputException e) {
      model.addAttribute("error", e.getMessage());
      model.addAttribute("errorField", e.field());
      model.addAttribute("form", new HashMap<>(form));
      return page(id, model);
    }
    return "redirect:/accounts/" + id + "/sending-limits?saved";
  }

  @PostMapping("/accounts/{id}/sending-limits/reset")
  String reset(@PathVariable UUID id) {
    limits.reset(id);
    return "redirect:/accounts/" + id + "/sending-limits?reset";
  }

  private static Map<String, String> form(SendingLimits l) {
    Map<String, String> form = new HashMap<>();
    form.put("perMinute", l.perMinute() == null ? "" : l.perMinute().toString());
    form.put("perDay", l.perDay() == null ? "" : l.perDay().toString());
    form.put(
        "recipientsPerDay", l.recipientsPerDay() == null ? "" : l.recipientsPerDay().toString());
    return form;
  }

  private static Integer number(Map<String, String> form, String field) {
    String value = form.getOrDefault(field, "").strip().replace(",", "").replace("_", "");
    if (value.isEmpty()) {
      return null;
    }
    try {
      return Integer.valueOf(value);
    } catch (NumberFormatException e) {
      throw new InvalidInputException(
          field,
          "'" + value + "' is not a whole number; enter e.g. 30, or leave it empty for no limit.");
    }
  }
}
