package dev.mailgate.security.apitoken;

import dev.mailgate.system.InvalidInputException;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Integrations > API tokens: create (the secret is shown on this one response only), list, revoke.
 */
@Controller
@RequestMapping("/settings/api-tokens")
class ApiTokenPageController {

  private final ApiTokens tokens;
  private final Clock clock;

  ApiTokenPageController(ApiTokens tokens, Clock clock) {
    this.tokens = tokens;
    this.clock = clock;
  }

  @GetMapping
  String list(Model model) {
    model.addAttribute("tokens", tokens.list());
    model.addAttribute("scopes", ApiScope.values());
    model.addAttribute("now", clock.instant());
    return "security/api-tokens";
  }

  @PostMapping
  String create(
      @RequestParam(defaultValue = "") String name,
      @RequestParam(required = false) List<String> scopes,
      @RequestParam(defaultValue = "") String expiresInDays,
      Principal admin,
      Model model) {
    try {
      model.addAttribute(
          "issued", tokens.issue(name, admin.getName(), scopes, expiry(expiresInDays)));
    } catch (InvalidInputException e) {
      model.addAttribute("error", e.getMessage());
      model.addAttribute("name", name);
    }
    return list(model);
  }

  /** Days from now, or null for a token that does not expire. */
  private Instant expiry(String days) {
    if (days.isBlank()) {
      return null;
    }
    try {
      int n = Integer.parseInt(days.strip());
      if (n < 1 || n > 3650) {
        throw new NumberFormatException();
      }
      return clock.instant().plus(Duration.ofDays(n));
    } catch (NumberFormatException e) {
      throw new InvalidInputException(
          "expiresInDays",
          "Enter the days the token lives as a number from 1 to 3650, or leave it"
              + " empty for a token that does not expire.");
    }
  }

  @PostMapping("/{id}/revoke")
  String revoke(@PathVariable UUID id) {
    tokens.revoke(id);
    return "redirect:/settings/api-tokens";
  }
}
