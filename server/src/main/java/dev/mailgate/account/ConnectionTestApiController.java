package dev.mailgate.account;

import dev.mailgate.system.ApiController;
import java.util.UUID;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

@ApiController
class ConnectionTestApiController {

  private final ConnectionTester tester;

  ConnectionTestApiController(ConnectionTester tester) {
    this.tester = tester;
  }

  @PostMapping("/api/v1/accounts/{id}/test")
  ConnectionTestResult test(@PathVariable UUID id) {
    return tester.test(id);
  }
}
