package dev.mailgate.system;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Runs the checks of a form one after the other and keeps every refusal instead of stopping at the
 * first, so an admin who got two fields wrong learns of both at once (issue 16). A check that
 * failed yields null; a later check that needs its value is skipped by the caller.
 */
public final class FieldChecks {

  private final List<InvalidInputException> refused = new ArrayList<>();

  /** The value of the check, or null when it refused (the refusal is kept). */
  public <T> T check(Supplier<T> check) {
    try {
      return check.get();
    } catch (InvalidInputException e) {
      refused.add(e);
      return null;
    }
  }

  /** A check that yields nothing. */
  public void run(Runnable check) {
    check(
        () -> {
          check.run();
          return null;
        });
  }

  /** Whether a field was refused already (its dependent checks would only repeat it). */
  public boolean refused(String field) {
    return refused.stream().anyMatch(e -> e.field().equals(field));
  }

  /** Throws every refusal as one, if there was any. */
  public void throwIfRefused() {
    if (!refused.isEmpty()) {
      throw InvalidInputException.of(refused);
    }
  }
}
