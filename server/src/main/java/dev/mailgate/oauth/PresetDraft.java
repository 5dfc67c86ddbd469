package dev.mailgate.oauth;

import java.util.List;

/** A provider as a preset filled it in, with the profiles the preset creates along with it. */
record PresetDraft(NewProvider provider, List<Profile> profiles) {

  /** A profile to create: a name and its scopes. */
  record Profile(String name, List<String> scopes) {}
}
