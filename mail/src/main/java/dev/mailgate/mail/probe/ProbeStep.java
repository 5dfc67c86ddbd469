package dev.mailgate.mail.probe;

import java.time.Duration;

/**
 * One step of a connection test: what was tried, how long it took, and what came of it.
 *
 * @param serverReply the server's own words, where it said something (never our credentials)
 * @param decodedReply the server's reply decoded, e.g. the JSON inside an XOAUTH2 error challenge
 * @param advice what to do about a failure, in one sentence; null when the step succeeded
 */
public record ProbeStep(
    String name,
    boolean ok,
    String detail,
    Duration duration,
    String serverReply,
    String decodedReply,
    String advice) {}
