package dev.mailgate.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Properties;
import org.springframework.stereotype.Component;

/**
 * Words for the codes Mailgate keeps (issue 16): a page shows {@code "needs re-authorization"}, not
 * {@code NEEDS_REAUTHORIZATION}; the code stays in the API and in a tooltip. Templates call {@code
 * ${@words.of(anEnum)}} for an enum, {@code ${@words.option(field, code)}} for the option of a
 * form's select, and {@code ${@words.code(x)}} for the tooltip. The words live in {@code
 * words.properties}, looked up as {@code <Outer.Enum>.<CONSTANT>} (the enum's name in its package,
 * {@code EmailAccount.AccountType.IMAP}), then {@code field.<field>.<CONSTANT>}, then {@code
 * <CONSTANT>}; a code without an entry reads as its lower-case words ({@code GAVE_UP} → "gave up"),
 * so a new constant never shows as code.
 */
@Component("words")
public final class Words {

  private final Properties words = new Properties();

  public Words() {
    try (InputStream in = Words.class.getResourceAsStream("/words.properties")) {
      words.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The words for a constant; "" for null. */
  public String of(Enum<?> code) {
    if (code == null) {
      return "";
    }
    String found = words.getProperty(key(code.getDeclaringClass()) + "." + code.name());
    return found != null ? found : plain(code.name());
  }

  /**
   * The words for a constant as it applies to one kind of thing, from {@code
   * <Outer.Enum>.<CONSTANT>.<variant>}, else as {@link #of(Enum)}: a Graph reader's {@code IDLE} is
   * change notifications, not the IMAP command ({@code of(mode, "GRAPH")}).
   */
  public String of(Enum<?> code, String variant) {
    if (code == null) {
      return "";
    }
    String found =
        words.getProperty(key(code.getDeclaringClass()) + "." + code.name() + "." + variant);
    return found != null ? found : of(code);
  }

  /** The words for an option of a form field given by its code ({@code "SSL_TLS"}). */
  public String option(String field, String code) {
    if (code == null) {
      return "";
    }
    String found = words.getProperty("field." + field + "." + code);
    return found != null ? found : plain(code);
  }

  /**
   * The words for a code that may be an option of any of several fields, the first field with an
   * entry winning: {@code option("OAUTH2", "detail.authMethod", "authMethod")}.
   */
  public String optionOf(String code, String... fields) {
    for (String field : fields) {
      String found = words.getProperty("field." + field + "." + code);
      if (found != null) {
        return found;
      }
    }
    return plain(code);
  }

  /** The words naming a field, from {@code field.<field>}, or null when there are none. */
  public String fieldName(String field) {
    return words.getProperty("field." + field);
  }

  /** The code itself, for a tooltip: {@code NEEDS_REAUTHORIZATION}; "" for null. */
  public String code(Object code) {
    return code == null ? "" : code instanceof Enum<?> e ? e.name() : code.toString();
  }

  /** {@code EmailAccount.AccountType}: the class's name within its package. */
  private static String key(Class<?> type) {
    String name = type.getName();
    return name.substring(name.lastIndexOf('.') + 1).replace('$', '.');
  }

  private String plain(String code) {
    String found = words.getProperty(code);
    return found != null ? found : code.toLowerCase(Locale.ROOT).replace('_', ' ');
  }
}
