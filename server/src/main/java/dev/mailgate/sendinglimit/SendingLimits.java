package dev.mailgate.sendinglimit;

import dev.mailgate.system.InvalidInputException;

/**
 * How much one account may send, so the sender stays under its provider's limits instead of being
 * throttled (ADR 0030). Each figure is null for "no limit".
 *
 * @param perMinute messages a minute; the sender spaces them evenly (30 a minute: one every 2 s)
 * @param perDay messages in any 24 hours
 * @param recipientsPerDay recipients (to, cc and bcc together) in any 24 hours
 */
public record SendingLimits(Integer perMinute, Integer perDay, Integer recipientsPerDay) {

  /** The most any figure may be: a larger one is a typo, not a provider's limit. */
  static final int MOST = 1_000_000;

  public static final SendingLimits NONE = new SendingLimits(null, null, null);

  public SendingLimits {
    check("perMinute", perMinute);
    check("perDay", perDay);
    check("recipientsPerDay", recipientsPerDay);
  }

  public boolean none() {
    return perMinute == null && perDay == null && recipientsPerDay == null;
  }

  private static void check(String field, Integer value) {
    if (value != null && (value < 1 || value > MOST)) {
      throw new InvalidInputException(
          field,
          field
              + " must be a whole number from 1 to "
              + MOST
              + ", or empty for no limit; it was "
              + value
              + ".");
    }
  }
}
