package dev.mailgate.diagnostics;

import dev.mailgate.account.AccountService;
import dev.mailgate.account.EmailAccount;
import dev.mailgate.event.EventFilters;
import dev.mailgate.event.EventLog;
import dev.mailgate.event.EventPage;
import dev.mailgate.event.EventType;
import dev.mailgate.system.InvalidInputException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The event log page ({@code /events}): the same filters as the API, in a form, with accounts by
 * name.
 */
@Controller
class EventPageController {

  private final EventLog events;
  private final AccountService accounts;

  EventPageController(EventLog events, AccountService accounts) {
    this.events = events;
    this.accounts = accounts;
  }

  @GetMapping("/events")
  String list(
      @RequestParam(required = false) String type,
      @RequestParam(required = false) String account,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(required = false) String text,
      @RequestParam(required = false) String before,
      Model model) {
    List<EmailAccount> all = accounts.list();
    Map<UUID, String> names =
        all.stream().collect(Collectors.toMap(EmailAccount::id, EmailAccount::name));
    try {
      EventPage page =
          events.find(
              EventFilters.parse(
                  type == null ? List.of() : List.of(type),
                  account,
                  null,
                  from,
                  to,
                  text,
                  before,
                  null));
      model.addAttribute("page", page);
    } catch (InvalidInputException e) {
      model.addAttribute("page", new EventPage(List.of(), null));
      model.addAttribute("error", e.getMessage());
    }
    model.addAttribute("types", EventType.values());
    model.addAttribute("accounts", all);
    model.addAttribute("accountNames", names);
    model.addAttribute(
        "filter",
        Map.of(
            "type", orEmpty(type),
            "account", orEmpty(account),
            "from", orEmpty(from),
            "to", orEmpty(to),
            "text", orEmpty(text)));
    return "event/events";
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }
}
