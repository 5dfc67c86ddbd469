package dev.mailgate.message;

import java.nio.charset.StandardCharsets;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Responses that hand out bytes from a message. They are always downloads, never rendered: the
 * content came from a stranger. The file name is reduced to a safe one (no path, no control or
 * quote characters) and sent in both forms of RFC 6266; the content type is the declared one only
 * if it is a well-formed media type; the response may not be sniffed and is sandboxed.
 */
final class Downloads {

  static final MediaType RFC822 = new MediaType("message", "rfc822");

  private Downloads() {}

  static ResponseEntity<byte[]> of(byte[] content, String contentType, String name) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(mediaType(contentType));
    headers.setContentDisposition(
        ContentDisposition.attachment().filename(safeName(name), StandardCharsets.UTF_8).build());
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("Content-Security-Policy", "sandbox; default-src 'none'");
    return ResponseEntity.ok().headers(headers).body(content);
  }

  static String safeName(String name) {
    String base = name == null ? "" : name.replaceAll(".*[/\\\\]", "");
    String safe = base.replaceAll("[\\p{Cntrl}\"*?<>|:]", "_").strip();
    if (safe.isEmpty() || safe.chars().allMatch(c -> c == '.')) {
      return "attachment";
    }
    return safe.length() <= 200 ? safe : safe.substring(safe.length() - 200);
  }

  private static MediaType mediaType(String contentType) {
    try {
      MediaType type = MediaType.parseMediaType(contentType);
      return type.isConcrete() ? type : MediaType.APPLICATION_OCTET_STREAM;
    } catch (IllegalArgumentException e) { // InvalidMediaTypeException too
      return MediaType.APPLICATION_OCTET_STREAM;
    }
  }
}
