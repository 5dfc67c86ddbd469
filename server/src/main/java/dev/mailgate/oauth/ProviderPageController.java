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
  private final ClientCertificates certificates;
  private final CredentialExpiries expiries;
  private final JdbcProviderStore store;

  ProviderPageController(
      ProviderService providers,
      ProfileService profiles,
      ClientCertificates certificates,
      CredentialExpiries expiries,
      JdbcProviderStore store) {
    this.providers = providers;
    this.profiles = profiles;
    this.certificates = certificates;
    this.expiries = expiries;
    this.store = store;
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
    Map<String, String> form = ProviderForm.of(provider);
    store
        .clientSecretExpiresOn(id)
        .ifPresent(date -> form.put("clientSecretExpiresOn", date.toString()));
    model.addAttribute("form", form);
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

  String page(OAuthProvider provider, Model model) {
    model.addAttribute("provider", provider);
    model.addAttribute("expiryWarnings", expiries.warnings(provider));
    ClientCertificate certificate = certificates.find(provider.id()).orElse(null);
    model.addAttribute("certificate", certificate);
    if (certificate != null) {
      model.addAttribute(
          "certificateValidity",
          "from "
              + ExpiryDates.words(certificate.notBefore())
              + " until "
              + ExpiryDates.words(certificate.notAfter()));
    }
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
