package dev.mailgate.oauth;

import dev.mailgate.system.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * The provider page's certificate card: generate a certificate, import one from PKCS#12, download
 * it (PEM, which the Entra ID portal takes as .cer) to upload to the app registration.
 */
@Controller
@RequestMapping("/providers/{id}")
class ProviderCertificatePageController {

  private final ProviderService providers;
  private final ClientCertificates certificates;
  private final ProviderPageController pages;

  ProviderCertificatePageController(
      ProviderService providers, ClientCertificates certificates, ProviderPageController pages) {
    this.providers = providers;
    this.certificates = certificates;
    this.pages = pages;
  }

  @PostMapping("/certificate")
  String generate(@PathVariable UUID id) {
    certificates.generate(providers.find(id));
    return "redirect:/providers/" + id + "?certificate";
  }

  @PostMapping("/certificate/import")
  String importPkcs12(
      @PathVariable UUID id,
      @RequestParam(required = false) MultipartFile certificateFile,
      @RequestParam(required = false) String certificatePassword,
      Model model) {
    OAuthProvider provider = providers.find(id);
    try {
      byte[] file = certificateFile == null ? null : certificateFile.getBytes();
      certificates.importPkcs12(
          id, file, certificatePassword == null ? new char[0] : certificatePassword.toCharArray());
      return "redirect:/providers/" + id + "?certificate";
    } catch (InvalidInputException e) {
      model.addAttribute("error", e.getMessage());
      model.addAttribute("errorField", e.field());
    } catch (IOException e) {
      model.addAttribute("error", "The uploaded file could not be read: " + e.getMessage());
      model.addAttribute("errorField", Pkcs12Files.FIELD);
    }
    model.addAttribute("form", ProviderForm.of(provider));
    return pages.page(provider, model);
  }

  @GetMapping("/certificate.cer")
  ResponseEntity<byte[]> download(@PathVariable UUID id) {
    OAuthProvider provider = providers.find(id);
    ClientCertificate certificate =
        certificates
            .find(id)
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "certificate",
                        "Provider '"
                            + provider.name()
                            + "' has no certificate yet: generate or import one first."));
    String file = "mailgate-" + provider.name().replaceAll("[^A-Za-z0-9._-]+", "-") + ".cer";
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType("application/x-x509-ca-cert"))
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.attachment().filename(file).build().toString())
        .body(certificate.pem().getBytes(StandardCharsets.UTF_8));
  }
}
