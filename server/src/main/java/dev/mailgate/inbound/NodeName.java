package dev.mailgate.inbound;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * This node's name in reader leases: the host name and a part unique to this start, so two nodes on
 * one host (or one node restarted) are never taken for each other.
 */
@Component
public class NodeName {

  private final String id;

  NodeName() {
    this.id = host() + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  public String id() {
    return id;
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "node";
    }
  }
}
