package dev.mailgate.sandbox;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Graph application permissions an admin consented to per client, as Entra ID keeps them on the
 * app registration: a client-credentials token for {@code https://graph.microsoft.com/.default}
 * carries them in {@code roles}. None until granted.
 */
final class GraphAppPermissions {

  private final Map<String, List<String>> byClient = new ConcurrentHashMap<>();

  void grant(String clientId, List<String> roles) {
    byClient.put(clientId, List.copyOf(roles));
  }

  List<String> of(String clientId) {
    return byClient.getOrDefault(clientId, List.of());
  }
}
