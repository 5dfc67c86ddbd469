package dev.mailgate.mail.send;

/** What the server said to one envelope recipient; the reply is null when it simply accepted. */
public record RecipientResult(String address, boolean accepted, String reply) {}
