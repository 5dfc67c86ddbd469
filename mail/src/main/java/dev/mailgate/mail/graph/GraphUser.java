package dev.mailgate.mail.graph;

/**
 * The mailbox's user as Graph names it ({@code GET /me} or {@code /users/{address}}): what Test
 * connection shows, and what an identity check compares.
 */
public record GraphUser(String id, String mail, String userPrincipalName, String displayName) {}
