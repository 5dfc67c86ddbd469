package dev.mailgate.mail.explain;

/**
 * What a known provider or mail server error means and what to do about it.
 *
 * @param code a stable name for the case, e.g. {@code MICROSOFT_GRANT_EXPIRED}, for filters and
 *     tests
 * @param meaning what happened, in one sentence an admin understands
 * @param action what to do, in one sentence
 */
public record Explanation(String code, String meaning, String action) {

  /** Meaning and action as one text, for a place that has room for one sentence pair. */
  public String sentence() {
    return meaning + " " + action;
  }
}
