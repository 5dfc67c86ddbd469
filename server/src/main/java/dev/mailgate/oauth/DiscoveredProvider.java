package dev.mailgate.oauth;

import java.util.List;

/**
 * What a provider's metadata document says about it (OpenID Connect Discovery 1.0 or RFC 8414).
 *
 * @param documentUrl where the document was read
 * @param openId whether it is an OpenID provider's document (else plain OAuth 2.0 metadata)
 * @param pkceS256 whether {@code code_challenge_methods_supported} lists S256
 * @param issResponseSupported {@code authorization_response_iss_parameter_supported} (RFC 9207)
 * @param tokenAuthMethods {@code token_endpoint_auth_methods_supported}, empty if not stated
 * @param deviceAuthorizationUrl {@code device_authorization_endpoint} (RFC 8628), or null
 */
record DiscoveredProvider(
    String documentUrl,
    boolean openId,
    String issuer,
    String authorizationUrl,
    String tokenUrl,
    String revocationUrl,
    String userinfoUrl,
    String jwksUrl,
    boolean pkceS256,
    boolean issResponseSupported,
    List<String> tokenAuthMethods,
    String deviceAuthorizationUrl) {}
