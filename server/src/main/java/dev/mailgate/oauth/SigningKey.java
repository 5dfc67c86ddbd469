package dev.mailgate.oauth;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/** A provider's certificate with its private key: what a client assertion is signed with. */
record SigningKey(X509Certificate certificate, PrivateKey privateKey) {

  @Override
  public String toString() {
    return "SigningKey[" + certificate.getSubjectX500Principal().getName() + "]";
  }
}
