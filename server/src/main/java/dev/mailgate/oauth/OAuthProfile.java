package dev.mailgate.oauth;

import java.util.List;
import java.util.UUID;

/** A named set of one provider's scopes (ServiceNow's OAuth Entity Profile and its scopes). */
public record OAuthProfile(UUID id, UUID providerId, String name, List<String> scopes) {}
