package dev.mailgate.oauth;

import java.time.Instant;

/**
 * The certificate a provider's client authenticates with ({@code private_key_jwt}, RFC 7523): the
 * public parts only, as the provider page and the API show them. {@code thumbprintSha1} is the
 * upper-case hex thumbprint Microsoft Entra lists beside an uploaded certificate, so an admin can
 * see that the one uploaded is this one; {@code thumbprintSha256} is the {@code x5t#S256} of every
 * client assertion signed with it.
 */
public record ClientCertificate(
    String subject,
    String thumbprintSha1,
    String thumbprintSha256,
    Instant notBefore,
    Instant notAfter,
    Instant createdAt,
    String pem) {}
