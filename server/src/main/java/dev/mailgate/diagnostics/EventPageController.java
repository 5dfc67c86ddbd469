package dev.mailgate.diagnostics;

import dev.mailgate.account.AccountService;
import dev.mailgate.account.EmailAccount;
import dev.mailgate.credential.JdbcCredentialStore;
import dev.mailgate.event.Event;
import dev.mailgate.event.EventFilters;
import dev.mailgate.event.EventLog;
import dev.mailgate.event.EventPage;
import dev.mailgate.event.EventType;
import dev.mailgate.system.InvalidInputException;
import dev.mailgate.system.Times;
import dev.mailgate.system.Words;
import java.util.ArrayList;
import java.util.HashMap;
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
  private final JdbcCredentialStore credentials;
  private final EventSentences sentences;
  private final Times times;

  EventPageController(
      EventLog events,
      AccountService accounts,
      JdbcCredentialStore credentials,
      Words words,
      Times times) {
    this.events = events;
    this.accounts = accounts;
    this.credentials = credentials;
    this.sentences = new EventSentences(words);
    this.times = times;
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
      model.addAttribute("rows", rows(page.events(), all));
    } catch (InvalidInputException e) {
      model.addAttribute("page", new EventPage(List.of(), null));
      model.addAttribute("rows", List.of());
      model.addAttribute("error", e.getMessage());
    }
    model.addAttribute("fromExample", times.todayIso());
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

  /**
   * Each event with the accounts it concerns: its own, or for an authorization's event (which
   * belongs to an identity, not one account) the accounts signing in as that identity (issue 16).
   */
  private List<EventRow> rows(List<Event> page, List<EmailAccount> all) {
    Map<UUID, String> identities = new HashMap<>();
    credentials.list().forEach(c -> identities.put(c.id(), c.identity()));
    List<EventRow> rows = new ArrayList<>();
    for (Event e : page) {
      String accountNames;
      if (e.accountId() != null) {
        accountNames =
            all.stream()
                .filter(a -> a.id().equals(e.accountId()))
                .map(EmailAccount::name)
                .findFirst()
                .orElse("a deleted account");
      } else {
        String identity =
            e.details().get("identity") instanceof String s
                ? s
                : e.credentialId() == null ? null : identities.get(e.credentialId());
        accountNames =
            identity == null
                ? ""
                : all.stream()
                    .filter(a -> identity.equalsIgnoreCase(a.authorizingIdentity()))
                    .map(EmailAccount::name)
                    .collect(Collectors.joining(", "));
      }
      rows.add(new EventRow(e, accountNames, sentences.of(e.details(), e.summary())));
    }
    return rows;
  }

  /** One line of the page: the event, the accounts it concerns, its details in words. */
  record EventRow(Event event, String accounts, String details) {}

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }
}
