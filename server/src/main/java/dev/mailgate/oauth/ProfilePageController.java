package dev.mailgate.oauth;

import dev.mailgate.system.InvalidInputException;
import dev.mailgate.system.MailgateException;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** A provider's profiles in the admin UI: add, rename, change scopes, delete. */
@Controller
@RequestMapping("/providers/{providerId}/profiles")
class ProfilePageController {

  private final ProviderService providers;
  private final ProfileService profiles;

  ProfilePageController(ProviderService providers, ProfileService profiles) {
    this.providers = providers;
    this.profiles = profiles;
  }

  @GetMapping
  String list(@PathVariable UUID providerId, Model model) {
    model.addAttribute("provider", providers.find(providerId));
    model.addAttribute("profiles", profiles.list(providerId));
    return "oauth/profiles";
  }

  @PostMapping
  String add(
      @PathVariable UUID providerId,
      @RequestParam(defaultValue = "") String name,
      @RequestParam(defaultValue = "") String scopes,
      Model model) {
    try {
      profiles.add(providerId, new ProfileInput(name, scopes));
      return "redirect:/providers/" + providerId + "/profiles?saved";
    } catch (InvalidInputException e) {
      refused(model, e, null, name, scopes);
      return list(providerId, model);
    }
  }

  @PostMapping("/{id}")
  String update(
      @PathVariable UUID providerId,
      @PathVariable UUID id,
      @RequestParam(defaultValue = "") String name,
      @RequestParam(defaultValue = "") String scopes,
      Model model) {
    try {
      profiles.update(providerId, id, new ProfileInput(name, scopes));
      return "redirect:/providers/" + providerId + "/profiles?saved";
    } catch (InvalidInputException e) {
      refused(model, e, id, name, scopes);
      return list(providerId, model);
    }
  }

  @PostMapping("/{id}/delete")
  String delete(@PathVariable UUID providerId, @PathVariable UUID id, RedirectAttributes flash) {
    try {
      profiles.delete(providerId, id);
      return "redirect:/providers/" + providerId + "/profiles?deleted";
    } catch (MailgateException e) {
      flash.addFlashAttribute("error", e.getMessage());
      return "redirect:/providers/" + providerId + "/profiles";
    }
  }

  /** The refusal and the values entered, shown on the profile's own row (or the add row). */
  private static void refused(
      Model model, InvalidInputException e, UUID profile, String name, String scopes) {
    model.addAttribute("error", e.getMessage());
    model.addAttribute("errorField", e.field());
    model.addAttribute("errorProfile", profile == null ? "new" : profile.toString());
    model.addAttribute("enteredName", name);
    model.addAttribute("enteredScopes", scopes);
  }
}
