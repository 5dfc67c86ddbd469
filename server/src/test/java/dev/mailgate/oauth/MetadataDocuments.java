package dev.mailgate.oauth;

/** Provider metadata documents as a provider would serve them, for tests. */
final class MetadataDocuments {

  private MetadataDocuments() {}

  /** An OpenID Connect Discovery document whose endpoints sit under {@code base}. */
  static String openId(String issuer, String base, String extraMembers) {
    return """
        {"issuer": "%s",
         "authorization_endpoint": "%s/authorize",
         "token_endpoint": "%s/token",
         "userinfo_endpoint": "%s/userinfo",
         "jwks_uri": "%s/keys",
         "response_types_supported": ["code"],
         "subject_types_supported": ["public"],
         "id_token_signing_alg_values_supported": ["RS256"]%s}
        """
        .formatted(
            issuer, base, base, base, base, extraMembers.isEmpty() ? "" : ", " + extraMembers);
  }

  /** RFC 8414 metadata of a plain OAuth 2.0 server. */
  static String oauth(String issuer) {
    return """
        {"issuer": "%s",
         "authorization_endpoint": "%s/auth",
         "token_endpoint": "%s/oauth/token",
         "revocation_endpoint": "%s/oauth/revoke",
         "response_types_supported": ["code"],
         "code_challenge_methods_supported": ["S256"],
         "token_endpoint_auth_methods_supported": ["client_secret_post"]}
        """
        .formatted(issuer, issuer, issuer, issuer);
  }
}
