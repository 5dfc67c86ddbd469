package dev.mailgate.mail.message;

/** One header field as it appears in the message, its value unfolded and decoded to Unicode. */
public record HeaderField(String name, String value) {}
