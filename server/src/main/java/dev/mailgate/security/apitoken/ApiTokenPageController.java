package dev.mailgate.security.apitoken;

import dev.mailgate.system.InvalidInputException;
import java.security.Principal;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Settings > API tokens: create (the secret is shown on this one response only), list, revoke. */
@Controller
@RequestMapping("/settings/api-tokens")
class ApiTokenPageController {

  private final ApiTokens tokens;

  ApiTokenPageController(ApiTokens tokens) {
    this.tokens = tokens;
  }

  @GetMapping
  String list(Model model) {
    model.addAttribute("tokens", tokens.list());
    return "security/api-tokens";
  }

  @PostMapping
  String create(@RequestParam(defaultValue = "") String name, Principal admin, Model model) {
    try {
      model.addAttribute("issued", tokens.issue(name, admin.getName()));
    } catch (InvalidInputException e) {
      model.addAttribute("error", e.getMessage());
      model.addAttribute("name", name);
    }
    return list(model);
  }

  @PostMapping("/{id}/revoke")
  String revoke(@PathVariable UUID id) {
    tokens.revoke(id);
    return "redirect:/settings/api-tokens";
  }
}
