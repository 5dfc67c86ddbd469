package dev.mailgate.oauth;

/** A profile as an admin entered it: a name and the scopes, separated by spaces. */
public record ProfileInput(String name, String scopes) {}
