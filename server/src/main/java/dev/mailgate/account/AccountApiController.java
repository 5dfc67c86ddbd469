package dev.mailgate.account;

import dev.mailgate.system.ApiController;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;

/** Email accounts over REST, with their state in words. */
@ApiController
@RequestMapping("/api/v1/accounts")
class AccountApiController {

  private final AccountService accounts;

  AccountApiController(AccountService accounts) {
    this.accounts = accounts;
  }

  @GetMapping
  List<EmailAccount> list() {
    return accounts.list();
  }

  @GetMapping("/{id}")
  EmailAccount one(@PathVariable UUID id) {
    return accounts.find(id);
  }

  @GetMapping("/{id}/state")
  AccountState state(@PathVariable UUID id) {
    return accounts.state(id);
  }

  /** Why the account's mail server refuses its sign-in now; 204 when it does not (ADR 0020). */
  @GetMapping("/{id}/sign-in-failure")
  ResponseEntity<SignInFailure> signInFailure(@PathVariable UUID id) {
    accounts.find(id);
    return accounts
        .signInFailure(id)
        .map(ResponseEntity::ok)
        .orElseGet(() -> ResponseEntity.noContent().build());
  }

  @PostMapping
  ResponseEntity<EmailAccount> create(@RequestBody AccountInput input) {
    EmailAccount created = accounts.create(input);
    return ResponseEntity.created(URI.create("/api/v1/accounts/" + created.id())).body(created);
  }

  @PutMapping("/{id}")
  EmailAccount update(@PathVariable UUID id, @RequestBody AccountInput input) {
    return accounts.update(id, input);
  }

  @DeleteMapping("/{id}")
  ResponseEntity<Void> delete(@PathVariable UUID id) {
    accounts.delete(id);
    return ResponseEntity.noContent().build();
  }
}
