package dev.mailgate.message;

/**
 * What applications filter on, like ServiceNow's "ignored" emails.
 *
 * @param autoReply sent by a program (out-of-office, read receipt, bulk), not a person
 * @param bounce a delivery status notification
 * @param loop sent from one of Mailgate's own outbound addresses
 * @param oversize over the size limit: only the headers were parsed
 * @param parseError why the message could not be read in full, or null
 */
public record MessageFlags(
    boolean autoReply, boolean bounce, boolean loop, boolean oversize, String parseError) {}
