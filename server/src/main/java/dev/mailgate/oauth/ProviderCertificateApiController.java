package dev.mailgate.oauth;

import dev.mailgate.system.ApiController;
import dev.mailgate.system.InvalidInputException;
import dev.mailgate.system.NotFoundException;
import java.net.URI;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * A provider's certificate for {@code private_key_jwt} and the expiries of its client secret and
 * certificate, over REST. The private key never leaves Mailgate; the certificate does (PEM).
 */
@ApiController
@RequestMapping("/api/v1/providers/{id}")
class ProviderCertificateApiController {

  /** A PKCS#12 file, base64-encoded, with the password it was exported with. */
  record Pkcs12Import(String pkcs12, String password) {
    @Override
    public String toString() {
      return "Pkcs12Import[hidden]";
    }
  }

  private final ProviderService providers;
  private final ClientCertificates certificates;
  private final CredentialExpiries expiries;

  ProviderCertificateApiController(
      ProviderService providers, ClientCertificates certificates, CredentialExpiries expiries) {
    this.providers = providers;
    this.certificates = certificates;
    this.expiries = expiries;
  }

  @GetMapping("/certificate")
  ClientCertificate certificate(@PathVariable UUID id) {
    providers.find(id);
    return certificates.find(id).orElseThrow(() -> new NotFoundException("certificate", id));
  }

  @GetMapping(value = "/certificate.pem", produces = "application/x-pem-file")
  String pem(@PathVariable UUID id) {
    return certificate(id).pem();
  }

  /** A new key pair and self-signed certificate, replacing the one before at once. */
  @PostMapping("/certificate")
  ResponseEntity<ClientCertificate> generate(@PathVariable UUID id) {
    ClientCertificate created = certificates.generate(providers.find(id));
    return ResponseEntity.created(URI.create("/api/v1/providers/" + id + "/certificate"))
        .body(created);
  }

  @PutMapping(value = "/certificate", consumes = MediaType.APPLICATION_JSON_VALUE)
  ClientCertificate importPkcs12(@PathVariable UUID id, @RequestBody Pkcs12Import body) {
    providers.find(id);
    byte[] file;
    try {
      file = body.pkcs12() == null ? null : Base64.getMimeDecoder().decode(body.pkcs12());
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          "pkcs12", "pkcs12 is not base64: send the .pfx / .p12 file base64-encoded.");
    }
    return certificates.importPkcs12(
        id, file, body.password() == null ? new char[0] : body.password().toCharArray());
  }

  /** Every known expiry of the provider's secret and certificate, with the warning step reached. */
  @GetMapping("/expiries")
  List<CredentialExpiry> expiries(@PathVariable UUID id) {
    return expiries.of(providers.find(id));
  }
}
