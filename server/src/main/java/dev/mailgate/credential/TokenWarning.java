package dev.mailgate.credential;

/** Something in a credential's tokens that will stop mail, with what to change where. */
public record TokenWarning(String code, String message, String action) {}
