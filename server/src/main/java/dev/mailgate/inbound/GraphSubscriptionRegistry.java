package dev.mailgate.inbound;

import dev.mailgate.mail.inbound.IdleListener;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The Graph change-notification subscriptions this node holds, by subscription id: the {@code
 * clientState} secret each notification must carry back and whom to tell. Kept in memory on the
 * node that watches the account (it holds the account's lease, ADR 0012), never stored: a node that
 * stops or dies takes its subscriptions with it, Graph's posts for them are answered and ignored,
 * and the account's next holder subscribes afresh.
 */
@Component
class GraphSubscriptionRegistry {

  private final Map<String, Registered> subscriptions = new ConcurrentHashMap<>();

  void register(String subscriptionId, String clientState, IdleListener listener) {
    subscriptions.put(subscriptionId, new Registered(clientState, listener));
  }

  void unregister(String subscriptionId) {
    subscriptions.remove(subscriptionId);
  }

  boolean holds(String subscriptionId) {
    return subscriptions.containsKey(subscriptionId);
  }

  /** Each subscription's {@code clientState}, to check a notification against. */
  Map<String, String> clientStates() {
    Map<String, String> states = new java.util.HashMap<>();
    subscriptions.forEach((id, registered) -> states.put(id, registered.clientState()));
    return states;
  }

  /** Tells the subscription's watcher that its folder has new mail; false if it is not ours. */
  boolean notify(String subscriptionId) {
    Registered registered = subscriptions.get(subscriptionId);
    if (registered == null) {
      return false;
    }
    registered.listener().newMail();
    return true;
  }

  private record Registered(String clientState, IdleListener listener) {}
}
