package dev.mailgate.system;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Who this node is (ADR 0018). {@link #key()} is stable across restarts ({@code
 * mailgate.node.name}, else host name and data directory): the same node started again has the same
 * key. {@link #id()} is this start's own, the key's prefix and a random part, so two nodes on one
 * host (or one node restarted) are never taken for each other in reader leases and outbox claims.
 */
@Component
public class NodeName {

  /** What {@code inbound_lease.node_id} and {@code outbox.claimed_by} hold. */
  private static final int MAX_ID = 200;

  private final String key;
  private final String id;

  NodeName(NodeProperties node, MailgateProperties mailgate) {
    String named = node.name() == null || node.name().isBlank() ? null : node.name().strip();
    this.key =
        named != null ? named : host() + ":" + mailgate.dataDir().toAbsolutePath().normalize();
    String prefix = named != null ? named : host();
    String random = UUID.randomUUID().toString().substring(0, 8);
    this.id = prefix.substring(0, Math.min(prefix.length(), MAX_ID - 9)) + "-" + random;
  }

  /** This start of the node. */
  public String id() {
    return id;
  }

  /** The node, whichever start of it. */
  public String key() {
    return key;
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "node";
    }
  }
}
