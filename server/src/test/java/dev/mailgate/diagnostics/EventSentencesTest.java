package dev.mailgate.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.system.Words;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An event's details read as a sentence, not as {@code {detail=…, reason=identity_mismatch}}. */
class EventSentencesTest {

  private final EventSentences sentences = new EventSentences(new Words());

  @Test
  void aDetailTextStaysAndCodedValuesReadAsWords() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("reason", "identity_mismatch");
    details.put("detail", "The tokens of adele@mailgate.test were not stored");

    assertThat(sentences.of(details, "You signed in as adele"))
        .isEqualTo(
            "The tokens of adele@mailgate.test were not stored. Reason: the wrong person signed"
                + " in.");
  }

  @Test
  void namesOfMembersAndYesNoAndNestedMembersReadAsWords() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("identity", "demo@mailgate.test");
    details.put("revokedAtProvider", true);
    details.put("refreshToken", Map.of("outcome", "REVOKED"));
    details.put("authMethod", "OAUTH2");

    assertThat(sentences.of(details, ""))
        .isEqualTo(
            "Identity: demo@mailgate.test; revoked at the provider: yes; refresh token: (outcome:"
                + " revoked); authentication: OAuth 2.0 (a token from the provider).");
  }
}
