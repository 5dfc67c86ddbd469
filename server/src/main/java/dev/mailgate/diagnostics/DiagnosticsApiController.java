package dev.mailgate.diagnostics;

import dev.mailgate.system.ApiController;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;

/** "Is email working?" by REST: every account and job, or one account. */
@ApiController
@RequestMapping("/api/v1/diagnostics")
class DiagnosticsApiController {

  private final Diagnostics diagnostics;

  DiagnosticsApiController(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  @GetMapping
  DiagnosticsReport report() {
    return diagnostics.report();
  }

  @GetMapping("/accounts/{id}")
  AccountDiagnosis account(@PathVariable UUID id) {
    return diagnostics.account(id);
  }
}
