package dev.mailgate.system;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Which Mailgate node this is, when several share one database.
 *
 * @param name the node's stable name: a node started again under the same name is the successor of
 *     its previous run, so the mail that run was sending is settled at once (ADR 0018). Give each
 *     node its own. Default: the host name and the absolute {@code mailgate.data-dir}; env {@code
 *     MAILGATE_NODE_NAME}.
 */
@ConfigurationProperties("mailgate.node")
public record NodeProperties(String name) {}
