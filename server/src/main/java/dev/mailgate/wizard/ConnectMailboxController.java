package dev.mailgate.wizard;

import dev.mailgate.authorization.AccountAuthorization;
import dev.mailgate.authorization.SessionBinding;
import dev.mailgate.oauth.ClientCertificate;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.oauth.OAuthProvider.ProviderPreset;
import dev.mailgate.oauth.ProviderService;
import dev.mailgate.system.MailgateException;
import dev.mailgate.system.Times;
import dev.mailgate.wizard.WizardInput.ClientAuth;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The "Connect a mailbox" wizards, {@code /connect/microsoft} and {@code /connect/google}: one page
 * with the app-registration settings to copy and the few fields they produce; submitting creates
 * the provider, its profiles and the accounts and goes straight on to Authorize with the mailbox as
 * {@code login_hint}. A provider made before is offered at the top: another mailbox of it is its
 * address and one click. With a certificate Mailgate generated, a page in between offers it for
 * download and says where to upload it; Authorize starts from there.
 */
@Controller
@RequestMapping("/connect")
class ConnectMailboxController {

  private final MailboxConnections connections;
  private final ProviderService providers;
  private final AccountAuthorization authorization;
  private final Times times;

  ConnectMailboxController(
      MailboxConnections connections,
      ProviderService providers,
      AccountAuthorization authorization,
      Times times) {
    this.connections = connections;
    this.providers = providers;
    this.authorization = authorization;
    this.times = times;
  }

  @GetMapping("/{kind}")
  String page(@PathVariable String kind, Model model) {
    return show(preset(kind), kind, Map.of(), Map.of(), Map.of(), model);
  }

  @PostMapping("/{kind}")
  String connect(
      @PathVariable String kind,
      @RequestParam Map<String, String> form,
      @RequestParam(required = false) MultipartFile certificateFile,
      HttpSession session,
      RedirectAttributes flash,
      Model model)
      throws IOException {
    ProviderPreset preset = preset(kind);
    WizardInput in =
        new WizardInput(
            form.get("tenant"),
            form.get("clientId"),
            ClientAuth.of(form.get("clientAuth")),
            form.get("clientSecret"),
            certificateFile == null ? null : certificateFile.getBytes(),
            form.get("certificatePassword"),
            form.get("mailbox"),
            form.containsKey("graph"));
    try {
      MailboxConnections.Connected connected = connections.connect(preset, in);
      if (connected.certificateToUpload() != null) {
        // nobody can sign in before the app registration knows the certificate
        return "redirect:/connect/"
            + kind
            + "/certificate?provider="
            + connected.provider().id()
            + "&account="
            + connected.toAuthorize().id();
      }
      return authorize(connected, session, flash);
    } catch (WizardRefusedException e) {
      return show(preset, kind, form, e.errors(), Map.of(), model);
    }
  }

  /** The certificate Mailgate generated, to download and upload to the app registration. */
  @GetMapping("/{kind}/certificate")
  String certificate(
      @PathVariable String kind,
      @RequestParam UUID provider,
      @RequestParam UUID account,
      Model model) {
    preset(kind);
    ClientCertificate certificate = connections.certificate(provider);
    model.addAttribute("kind", kind);
    model.addAttribute("provider", providers.find(provider));
    model.addAttribute("account", account);
    model.addAttribute("certificate", certificate);
    model.addAttribute("validUntil", times.full(certificate.notAfter()));
    return "wizard/certificate";
  }

  /** The certificate is uploaded: Authorize the wizard's account. */
  @PostMapping("/{kind}/authorize")
  String authorizeAccount(
      @PathVariable String kind,
      @RequestParam UUID account,
      HttpSession session,
      RedirectAttributes flash) {
    preset(kind);
    return authorize(account, session, flash);
  }

  @PostMapping("/{kind}/another")
  String another(
      @PathVariable String kind,
      @RequestParam Map<String, String> form,
      HttpSession session,
      RedirectAttributes flash,
      Model model) {
    ProviderPreset preset = preset(kind);
    try {
      UUID provider = UUID.fromString(form.getOrDefault("providerId", ""));
      return authorize(
          connections.addMailbox(provider, form.get("mailbox"), form.containsKey("graph")),
          session,
          flash);
    } catch (IllegalArgumentException e) {
      return show(
          preset,
          kind,
          Map.of(),
          Map.of(),
          Map.of("mailbox", "Choose the provider the mailbox belongs to."),
          model);
    } catch (WizardRefusedException e) {
      return show(preset, kind, Map.of(), Map.of(), e.errors(), model, form);
    }
  }

  private String authorize(
      MailboxConnections.Connected connected, HttpSession session, RedirectAttributes flash) {
    return authorize(connected.toAuthorize().id(), session, flash);
  }

  private String authorize(UUID account, HttpSession session, RedirectAttributes flash) {
    try {
      return "redirect:" + authorization.start(account, SessionBinding.of(session));
    } catch (MailgateException e) {
      flash.addFlashAttribute("error", e.getMessage());
      return "redirect:/accounts/" + account;
    }
  }

  private String show(
      ProviderPreset preset,
      String kind,
      Map<String, String> form,
      Map<String, String> errors,
      Map<String, String> anotherErrors,
      Model model) {
    return show(preset, kind, form, errors, anotherErrors, model, Map.of());
  }

  private String show(
      ProviderPreset preset,
      String kind,
      Map<String, String> form,
      Map<String, String> errors,
      Map<String, String> anotherErrors,
      Model model,
      Map<String, String> anotherForm) {
    Map<String, String> values = new HashMap<>(form);
    values.remove("clientSecret"); // a secret is never sent back to the browser
    values.remove("certificatePassword");
    List<OAuthProvider> existing = connections.existing(preset);
    model.addAttribute("kind", kind);
    model.addAttribute("microsoft", preset == ProviderPreset.MICROSOFT_365);
    model.addAttribute(
        "title", preset == ProviderPreset.MICROSOFT_365 ? "Microsoft 365" : "Google");
    model.addAttribute("existing", existing);
    model.addAttribute("values", values);
    model.addAttribute("anotherValues", anotherForm);
    model.addAttribute("errors", errors);
    model.addAttribute("anotherErrors", anotherErrors);
    model.addAttribute(
        "settings", RegistrationSettings.of(preset, providers.redirectUri().toString()));
    model.addAttribute("redirectUri", providers.redirectUri());
    return "wizard/connect";
  }

  private static ProviderPreset preset(String kind) {
    return switch (kind) {
      case "microsoft" -> ProviderPreset.MICROSOFT_365;
      case "google" -> ProviderPreset.GOOGLE;
      default -> throw new dev.mailgate.system.NotFoundException("wizard", kind);
    };
  }
}
