package dev.mailgate.authorization;

import dev.mailgate.security.OwnerLinkAccess;
import dev.mailgate.system.MailgateException;
import jakarta.servlet.http.HttpSession;
import java.net.URI;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The owner's side of an authorization link (no Mailgate login: {@link OwnerLinkAccess}) and the
 * admin's "Send the owner a link" button, which shows the link once.
 */
@Controller
class OwnerLinkController {

  private final OwnerLinkService links;

  OwnerLinkController(OwnerLinkService links) {
    this.links = links;
  }

  @GetMapping(OwnerLinkAccess.PATH + "{token}")
  String page(@PathVariable String token, Model model) {
    model.addAttribute("page", links.page(token));
    model.addAttribute("token", token);
    return "authorization/owner-link";
  }

  @PostMapping(OwnerLinkAccess.PATH + "{token}")
  String start(@PathVariable String token, HttpSession session, Model model) {
    Optional<URI> provider = links.start(token, session);
    if (provider.isPresent()) {
      return "redirect:" + provider.get();
    }
    return page(token, model);
  }

  @PostMapping("/accounts/{id}/owner-links")
  String create(@PathVariable UUID id, Model model, RedirectAttributes flash) {
    try {
      model.addAttribute("created", links.create(id));
      return "authorization/owner-link-created";
    } catch (MailgateException e) {
      flash.addFlashAttribute("error", e.getMessage());
      return "redirect:/accounts/" + id;
    }
  }
}
