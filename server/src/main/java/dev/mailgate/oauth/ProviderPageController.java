package dev.mailgate.oauth;

import dev.mailgate.oauth.OAuthProvider.ProviderPreset;
import dev.mailgate.system.EnumInput;
import dev.mailgate.system.InvalidInputException;
import dev.mailgate.system.MailgateException;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Providers in the admin UI: the list, "New provider" with a preset chooser, the edit form, delete
 * and "Test provider". A refusal shows the form again with the values entered and the sentence that
 * says what to change, next to the field at fault.
 */
@Controller
@RequestMapping("/providers")
class ProviderPageController {

  private final ProviderService providers;
  private final ProfileService profiles;

  ProviderPageController(ProviderService providers, ProfileService profiles) {
    this.providers = providers;
    this.profiles = profiles;
  }

  @GetMapping
  String list(Model model) {
    model.addAttribute("providers", providers.list());
    model.addAttribute("redirectUri", providers.redirectUri());
    return "oauth/providers";
  }

  @GetMapping("/new")
  String chooser(@RequestParam(required = false) String preset, Model model) {
    model.addAttribute("redirectUri", providers.redirectUri());
    if (preset == null) {
      return "oauth/provider-new";
    }
    ProviderPreset chosen =
        EnumInput.parse(ProviderPreset.class, "preset", preset, ProviderPreset.CUSTOM, "preset");
    model.addAttribute("preset", chosen.name());
    model.addAttribute("form", Map.of("preset", chosen.name(), "prompt", "select_account"));
    return "oauth/provider-new";
  }

  @PostMapping
  String create(@RequestParam Map<String, String> form, Model model) {
    try {
      OAuthProvider created = providers.create(ProviderForm.input(form));
      return "redirect:/providers/" + created.id() + "?created";
    } catch (InvalidInputException e) {
      model.addAttribute("preset", form.getOrDefault("preset", "CUSTOM"));
      refused(model, e, form);
      model.addAttribute("redirectUri", providers.redirectUri());
      return "oauth/provider-new";
    }
  }

  @GetMapping("/{id}")
  String edit(@PathVariable UUID id, Model model) {
    OAuthProvider provider = providers.find(id);
    model.addAttribute("form", ProviderForm.of(provider));
    return page(provider, model);
  }

  @PostMapping("/{id}")
  String update(@PathVariable UUID id, @RequestParam Map<String, String> form, Model model) {
    try {
      providers.update(id, ProviderForm.input(form));
      return "redirect:/providers/" + id + "?saved";
    } catch (InvalidInputException e) {
      refused(model, e, form);
      return page(providers.find(id), model);
    }
  }

  @PostMapping("/{id}/delete")
  String delete(@PathVariable UUID id, RedirectAttributes flash) {
    try {
      providers.delete(id);
      return "redirect:/providers?deleted";
    } catch (MailgateException e) {
      flash.addFlashAttribute("error", e.getMessage());
      return "redirect:/providers/" + id;
    }
  }

  @PostMapping("/{id}/test")
  String test(@PathVariable UUID id, Model model) {
    model.addAttribute("report", providers.check(id));
    return "oauth/provider-test";
  }

  private String page(OAuthProvider provider, Model model) {
    model.addAttribute("provider", provider);
    model.addAttribute("profiles", profiles.list(provider.id()));
    model.addAttribute("redirectUri", providers.redirectUri());
    return "oauth/provider";
  }

  static void refused(Model model, InvalidInputException e, Map<String, String> form) {
    model.addAttribute("error", e.getMessage());
    model.addAttribute("errorField", e.field());
    model.addAttribute("form", ProviderForm.echo(form));
  }
}
