package dev.mailgate.oauth;

import dev.mailgate.system.InvalidInputException;
import dev.mailgate.system.NotFoundException;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;

/**
 * A provider's profiles (ServiceNow's OAuth Entity Profile with its scopes): which scopes an
 * account asks for when it is authorized.
 */
@Service
public class ProfileService {

  private static final int MAX_SCOPES = 4000;

  /** RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ). */
  private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");

  private final JdbcProviderStore providers;
  private final ProfileUsers users;

  ProfileService(JdbcProviderStore providers, ProfileUsers users) {
    this.providers = providers;
    this.users = users;
  }

  public List<OAuthProfile> list(UUID providerId) {
    provider(providerId);
    return providers.profiles(providerId);
  }

  public OAuthProfile find(UUID providerId, UUID profileId) {
    return providers
        .profile(profileId)
        .filter(profile -> profile.providerId().equals(providerId))
        .orElseThrow(() -> new NotFoundException("profile", profileId));
  }

  public OAuthProfile add(UUID providerId, ProfileInput in) {
    OAuthProvider provider = provider(providerId);
    String name = name(provider, in.name(), null);
    return providers.addProfile(providerId, name, scopes(in.scopes()));
  }

  public OAuthProfile update(UUID providerId, UUID profileId, ProfileInput in) {
    OAuthProvider provider = provider(providerId);
    find(providerId, profileId);
    providers.updateProfile(profileId, name(provider, in.name(), profileId), scopes(in.scopes()));
    return find(providerId, profileId);
  }

  /**
   * @throws InUseException naming the accounts that sign in through the profile
   */
  public void delete(UUID providerId, UUID profileId) {
    OAuthProfile profile = find(providerId, profileId);
    List<String> accounts = users.accountsUsingProfile(profileId);
    if (!accounts.isEmpty()) {
      throw new InUseException("Profile '" + profile.name() + "'", accounts);
    }
    providers.deleteProfile(profileId);
  }

  private String name(OAuthProvider provider, String value, UUID self) {
    String name = ProviderRules.trim(value);
    if (name == null) {
      throw new InvalidInputException("name", "Enter a name for the profile, e.g. 'IMAP + SMTP'.");
    }
    if (name.length() > ProviderRules.MAX_NAME) {
      throw new InvalidInputException(
          "name", "The name is longer than " + ProviderRules.MAX_NAME + " characters; shorten it.");
    }
    boolean taken =
        providers.profiles(provider.id()).stream()
            .anyMatch(other -> other.name().equalsIgnoreCase(name) && !other.id().equals(self));
    if (taken) {
      throw new InvalidInputException(
          "name",
          "Provider '"
              + provider.name()
              + "' has a profile named '"
              + name
              + "' already; choose another name.");
    }
    return name;
  }

  private static List<String> scopes(String value) {
    List<String> scopes = ProviderRules.words(value).stream().distinct().toList();
    if (scopes.isEmpty()) {
      throw new InvalidInputException(
          "scopes",
          "Enter at least one scope, separated by spaces, e.g."
              + " 'https://outlook.office.com/IMAP.AccessAsUser.All offline_access'.");
    }
    for (String scope : scopes) {
      if (!SCOPE.matcher(scope).matches()) {
        throw new InvalidInputException(
            "scopes",
            "The scope '"
                + scope
                + "' contains a character OAuth does not allow in a scope (quotes, backslashes,"
                + " non-ASCII); remove it.");
      }
    }
    if (String.join(" ", scopes).length() > MAX_SCOPES) {
      throw new InvalidInputException(
          "scopes", "The scopes are longer than " + MAX_SCOPES + " characters; remove some.");
    }
    return scopes;
  }

  private OAuthProvider provider(UUID id) {
    return providers.find(id).orElseThrow(() -> new NotFoundException("provider", id));
  }
}
