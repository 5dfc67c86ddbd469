package dev.mailgate.mail.graph;

/**
 * One change notification Graph posted to the notification URL.
 *
 * @param messageId the message's id ({@code resourceData.id}); its delta round reads it
 * @param clientStateMatches whether it carried the subscription's {@code clientState}: one that
 *     does not was not sent by Graph for this subscription and must be ignored
 */
public record GraphNotification(
    String subscriptionId, String changeType, String messageId, boolean clientStateMatches) {}
