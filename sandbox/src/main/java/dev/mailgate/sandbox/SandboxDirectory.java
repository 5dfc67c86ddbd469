package dev.mailgate.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sandbox tenant's directory of people whose user principal name is not their mailbox's
 * address, as in Microsoft 365 tenants with alias domains or hybrid set-ups: {@code
 * ada@contoso.onmicrosoft.com} signs in, her mailbox is {@code ada.lovelace@contoso.com}. Her
 * tokens name her by UPN only (no {@code email} claim, as Entra ID's often carry none), and Graph's
 * {@code /me} answers her {@code mail} and {@code proxyAddresses} as Microsoft documents the user
 * resource ({@code SMTP:} for the primary address, {@code smtp:} for the others).
 */
final class SandboxDirectory {

  /** A person of the directory. */
  record User(String userPrincipalName, String mail, List<String> proxyAddresses) {}

  private final Map<String, User> byUpn = new ConcurrentHashMap<>();

  void add(String upn, String mail, List<String> aliases) {
    List<String> proxies = new ArrayList<>();
    proxies.add("SMTP:" + mail);
    aliases.forEach(alias -> proxies.add("smtp:" + alias));
    proxies.add("smtp:" + upn);
    byUpn.put(key(upn), new User(upn, mail, List.copyOf(proxies)));
  }

  Optional<User> byUpn(String upn) {
    return upn == null ? Optional.empty() : Optional.ofNullable(byUpn.get(key(upn)));
  }

  /** The mailbox of whoever signed in with this name: the directory's mail, else the name. */
  String mailboxOf(String identity) {
    return byUpn(identity).map(u -> u.mail().toLowerCase(Locale.ROOT)).orElse(identity);
  }

  private static String key(String name) {
    return name.strip().toLowerCase(Locale.ROOT);
  }
}
