package dev.mailgate.outbound.listener;

import dev.mailgate.system.ApiController;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;

/**
 * SMTP clients over REST: {@code POST /api/v1/smtp-clients} with {@code username} and {@code
 * account} creates one and answers its password, this once; list; delete.
 */
@ApiController
class SmtpClientApiController {

  private final SmtpClients clients;

  SmtpClientApiController(SmtpClients clients) {
    this.clients = clients;
  }

  /** What the admin gives: the user name the application signs in with and the account. */
  record NewSmtpClient(String username, String account) {}

  @PostMapping("/api/v1/smtp-clients")
  ResponseEntity<IssuedSmtpClient> create(@RequestBody NewSmtpClient input) {
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(clients.create(input.username(), input.account()));
  }

  @GetMapping("/api/v1/smtp-clients")
  List<SmtpClient> list() {
    return clients.list();
  }

  @DeleteMapping("/api/v1/smtp-clients/{id}")
  ResponseEntity<Void> delete(@PathVariable UUID id) {
    clients.delete(id);
    return ResponseEntity.noContent().build();
  }
}
