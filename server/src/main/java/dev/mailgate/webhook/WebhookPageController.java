package dev.mailgate.webhook;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.system.FormRefusal;
import dev.mailgate.system.InvalidInputException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Webhooks in the admin UI: the subscriptions, a new one (its secret shown on that response only),
 * one subscription to edit with its delivery log and a Redeliver button per delivery, delete.
 */
@Controller
@RequestMapping("/webhooks")
class WebhookPageController {

  private final Subscriptions subscriptions;
  private final DeliveryLog log;
  private final JdbcAccountStore accounts;
  private final TestEvents testEvents;

  WebhookPageController(
      Subscriptions subscriptions,
      DeliveryLog log,
      JdbcAccountStore accounts,
      TestEvents testEvents) {
    this.subscriptions = subscriptions;
    this.log = log;
    this.accounts = accounts;
    this.testEvents = testEvents;
  }

  @GetMapping
  String list(Model model) {
    model.addAttribute("subscriptions", subscriptions.list());
    if (!model.containsAttribute("form")) {
      model.addAttribute("form", form(null, List.of(), "", true));
    }
    return choices(model, "webhook/webhooks");
  }

  @PostMapping
  String create(
      @RequestParam(defaultValue = "") String url,
      @RequestParam(defaultValue = "") String secret,
      @RequestParam(required = false) List<String> events,
      @RequestParam(defaultValue = "") String account,
      @RequestParam(required = false) String active,
      Model model) {
    SubscriptionInput input = new SubscriptionInput(url, secret, events, account, active != null);
    try {
      IssuedSubscription created = subscriptions.create(input);
      model.addAttribute("issued", created);
      return show(created.subscription().id(), model);
    } catch (InvalidInputException e) {
      refused(model, e, input);
      return list(model);
    }
  }

  @GetMapping("/{id}")
  String show(@PathVariable UUID id, Model model) {
    Subscription subscription = subscriptions.find(id);
    model.addAttribute("subscription", subscription);
    model.addAttribute("deliveries", log.latest(id));
    if (!model.containsAttribute("form")) {
      model.addAttribute(
          "form",
          form(
              subscription.url(),
              subscription.events(),
              subscription.account() == null ? "" : subscription.account().toString(),
              subscription.active()));
    }
    return choices(model, "webhook/webhook");
  }

  @PostMapping("/{id}")
  String update(
      @PathVariable UUID id,
      @RequestParam(defaultValue = "") String url,
      @RequestParam(defaultValue = "") String secret,
      @RequestParam(required = false) List<String> events,
      @RequestParam(defaultValue = "") String account,
      @RequestParam(required = false) String active,
      Model model) {
    SubscriptionInput input = new SubscriptionInput(url, secret, events, account, active != null);
    try {
      IssuedSubscription updated = subscriptions.update(id, input);
      if (updated.secret() != null) {
        model.addAttribute("issued", updated);
        return show(id, model);
      }
      return "redirect:/webhooks/" + id + "?saved";
    } catch (InvalidInputException e) {
      refused(model, e, input);
      return show(id, model);
    }
  }

  @PostMapping("/{id}/delete")
  String delete(@PathVariable UUID id) {
    subscriptions.delete(id);
    return "redirect:/webhooks?deleted";
  }

  @PostMapping("/{id}/test")
  String test(@PathVariable UUID id, Model model) throws InterruptedException {
    model.addAttribute("testResult", testEvents.send(id));
    return show(id, model);
  }

  @PostMapping("/{id}/deliveries/{delivery}/redeliver")
  String redeliver(@PathVariable UUID id, @PathVariable long delivery) {
    log.redeliver(id, delivery);
    return "redirect:/webhooks/" + id + "?redelivered";
  }

  private String choices(Model model, String view) {
    model.addAttribute(
        "eventTypes", Arrays.stream(EventType.values()).map(EventType::wireName).toList());
    List<EmailAccount> all = accounts.list();
    model.addAttribute("accounts", all);
    model.addAttribute(
        "accountNames",
        all.stream().collect(Collectors.toMap(EmailAccount::id, EmailAccount::name)));
    return view;
  }

  private static void refused(Model model, InvalidInputException e, SubscriptionInput input) {
    FormRefusal.show(model, e);
    model.addAttribute(
        "form",
        form(
            input.url(),
            input.events() == null ? List.of() : input.events(),
            input.account(),
            Boolean.TRUE.equals(input.active())));
  }

  private static Map<String, Object> form(
      String url, List<String> events, String account, boolean active) {
    Map<String, Object> form = new HashMap<>();
    form.put("url", url == null ? "" : url);
    form.put("events", events);
    form.put("account", account == null ? "" : account);
    form.put("active", active);
    return form;
  }
}
