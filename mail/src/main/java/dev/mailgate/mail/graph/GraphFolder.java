package dev.mailgate.mail.graph;

/** A mail folder as Graph describes it. */
public record GraphFolder(String id, String displayName, int totalItemCount, int unreadItemCount) {}
