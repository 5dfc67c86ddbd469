package dev.mailgate.wizard;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Every field the wizard refused, each with the sentence that says what to change. */
final class WizardRefusedException extends RuntimeException {

  private final transient Map<String, String> errors;

  WizardRefusedException(Map<String, String> errors) {
    super(String.join(" ", errors.values()));
    // in the order of the form's fields, as the admin reads them
    this.errors = Collections.unmodifiableMap(new LinkedHashMap<>(errors));
  }

  Map<String, String> errors() {
    return errors;
  }
}
