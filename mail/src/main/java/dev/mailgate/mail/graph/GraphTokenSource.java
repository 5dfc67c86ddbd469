package dev.mailgate.mail.graph;

/**
 * Where the Graph client gets its bearer tokens: "give me a usable token" and "this one was
 * refused". After a 401 the client reports the token and asks once more, so the source refreshes
 * it; a second 401 fails the request.
 */
public interface GraphTokenSource {

  /** A token for {@code https://graph.microsoft.com}, valid for a while yet. */
  String token();

  /** Graph refused this token (401): the next {@link #token()} must be a fresh one. */
  void refused(String token);
}
