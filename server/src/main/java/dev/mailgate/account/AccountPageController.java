package dev.mailgate.account;

import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.OAuthProfile;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.oauth.OAuthProvider.GrantType;
import dev.mailgate.system.FormRefusal;
import dev.mailgate.system.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Email accounts in the admin UI: the list with each account's state in words, the new/edit form,
 * delete, and the Authorize button of an OAuth account (its flow lives in the oauth feature).
 */
@Controller
@RequestMapping("/accounts")
class AccountPageController {

  private final AccountService accounts;
  private final JdbcProviderStore providers;
  private final AuthorizationProblems authorizationProblems;
  private final AccountDeletionImpact deletion;

  AccountPageController(
      AccountService accounts,
      JdbcProviderStore providers,
      AuthorizationProblems authorizationProblems,
      AccountDeletionImpact deletion) {
    this.accounts = accounts;
    this.providers = providers;
    this.authorizationProblems = authorizationProblems;
    this.deletion = deletion;
  }

  @GetMapping
  String list(Model model) {
    model.addAttribute("accounts", accounts.list());
    model.addAttribute("states", accounts.states());
    return "account/accounts";
  }

  @GetMapping("/new")
  String blank(Model model) {
    model.addAttribute("form", AccountForm.blank());
    return form(null, model);
  }

  @PostMapping
  String create(@RequestParam Map<String, String> form, Model model) {
    try {
      EmailAccount created = accounts.create(AccountForm.input(form));
      return "redirect:/accounts/" + created.id() + "?created";
    } catch (InvalidInputException e) {
      refused(model, e, form);
      return form(null, model);
    }
  }

  @GetMapping("/{id}")
  String edit(@PathVariable UUID id, Model model) {
    EmailAccount account = accounts.find(id);
    model.addAttribute("form", AccountForm.of(account));
    return form(account, model);
  }

  @PostMapping("/{id}")
  String update(@PathVariable UUID id, @RequestParam Map<String, String> form, Model model) {
    try {
      accounts.update(id, AccountForm.input(form));
      return "redirect:/accounts/" + id + "?saved";
    } catch (InvalidInputException e) {
      refused(model, e, form);
      return form(accounts.find(id), model);
    }
  }

  @PostMapping("/{id}/delete")
  String delete(@PathVariable UUID id) {
    accounts.delete(id);
    return "redirect:/accounts?deleted";
  }

  private String form(EmailAccount account, Model model) {
    Map<String, String> profiles = new LinkedHashMap<>();
    for (OAuthProvider provider : providers.list()) {
      for (OAuthProfile profile : providers.profiles(provider.id())) {
        profiles.put(profile.id().toString(), provider.name() + " / " + profile.name());
      }
    }
    model.addAttribute("profiles", profiles);
    model.addAttribute("account", account);
    if (account != null) {
      AccountState state = accounts.state(account.id());
      model.addAttribute("state", state);
      model.addAttribute("deleteQuestion", deletion.question(account, state.sharedWith()));
      model.addAttribute("deauthorizeQuestion", deauthorizeQuestion(account, state));
      model.addAttribute("signInFailure", accounts.signInFailure(account.id()).orElse(null));
      model.addAttribute("authorizationProblem", authorizationProblems.of(account).orElse(null));
      model.addAttribute("authorizable", authorizable(account));
      model.addAttribute("deviceFlow", offersDeviceFlow(account));
    }
    return "account/account";
  }

  /**
   * Deauthorizing revokes the tokens of (provider, identity): every account sharing them stops, so
   * the question names them (issue 16).
   */
  private static String deauthorizeQuestion(EmailAccount account, AccountState state) {
    String identity =
        account.expectedIdentity() == null ? account.address() : account.expectedIdentity();
    return "Deauthorize "
        + identity
        + "? Mailgate revokes its tokens at the provider and forgets them: "
        + (state.sharedWith().isEmpty()
            ? "'" + account.name() + "' stops sending and reading"
            : "'"
                + account.name()
                + "' and "
                + String.join(", ", state.sharedWith().stream().map(n -> "'" + n + "'").toList())
                + ", which share this authorization, stop sending and reading")
        + " until someone authorizes again.";
  }

  /** The Authorize button is for OAuth accounts whose provider lets a person sign in. */
  private boolean authorizable(EmailAccount account) {
    return account.authMethod() == EmailAccount.AuthMethod.OAUTH2
        && account.profileId() != null
        && providers
            .profile(account.profileId())
            .flatMap(profile -> providers.find(profile.providerId()))
            .map(provider -> provider.grantType() == GrantType.AUTHORIZATION_CODE)
            .orElse(false);
  }

  /** "Authorize with a code" (RFC 8628) where the account's provider has a device endpoint. */
  private boolean offersDeviceFlow(EmailAccount account) {
    return account.profileId() != null
        && providers
            .profile(account.profileId())
            .flatMap(profile -> providers.find(profile.providerId()))
            .map(OAuthProvider::offersDeviceAuthorization)
            .orElse(false);
  }

  private static void refused(Model model, InvalidInputException e, Map<String, String> form) {
    FormRefusal.show(model, e);
    model.addAttribute("form", AccountForm.echo(form));
  }
}
