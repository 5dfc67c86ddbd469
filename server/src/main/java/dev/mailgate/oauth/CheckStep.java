package dev.mailgate.oauth;

/**
 * One step of testing a provider: what was tried, whether it worked, what happened in words.
 *
 * @param millis how long the step took
 */
public record CheckStep(String name, boolean ok, String detail, long millis) {}
