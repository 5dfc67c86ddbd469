package dev.mailgate.web;

import dev.mailgate.account.JdbcAccountStore;
import dev.mailgate.credential.JdbcCredentialStore;
import dev.mailgate.credential.ReauthorizationNotices;
import dev.mailgate.oauth.CredentialExpiries;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.system.MailgateProperties;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The landing page: providers, accounts and authorizations at a glance. */
@Controller
class OverviewController {

  private final JdbcProviderStore providers;
  private final JdbcAccountStore accounts;
  private final JdbcCredentialStore credentials;
  private final ReauthorizationNotices reauthorizations;
  private final MailgateProperties properties;
  private final CredentialExpiries expiries;

  OverviewController(
      JdbcProviderStore providers,
      JdbcAccountStore accounts,
      JdbcCredentialStore credentials,
      ReauthorizationNotices reauthorizations,
      MailgateProperties properties,
      CredentialExpiries expiries) {
    this.providers = providers;
    this.accounts = accounts;
    this.credentials = credentials;
    this.reauthorizations = reauthorizations;
    this.properties = properties;
    this.expiries = expiries;
  }

  @GetMapping("/")
  String overview(Model model) {
    model.addAttribute("providers", providers.list());
    model.addAttribute("accounts", accounts.list());
    model.addAttribute("credentials", credentials.list());
    model.addAttribute("reauthorizations", reauthorizations.pending());
    model.addAttribute("expiryWarnings", expiries.warnings());
    model.addAttribute("redirectUri", properties.oauthRedirectUri());
    return "overview";
  }
}
