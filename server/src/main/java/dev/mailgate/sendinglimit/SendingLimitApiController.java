package dev.mailgate.sendinglimit;

import dev.mailgate.sendinglimit.AccountSendingLimits.AccountLimits;
import dev.mailgate.system.ApiController;
import java.util.UUID;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;

/** An account's sending limits (ADR 0030): read, set, or back to the provider's defaults. */
@ApiController
class SendingLimitApiController {

  private final AccountSendingLimits limits;

  SendingLimitApiController(AccountSendingLimits limits) {
    this.limits = limits;
  }

  @GetMapping("/api/v1/accounts/{id}/sending-limits")
  AccountLimits get(@PathVariable UUID id) {
    return limits.of(id);
  }

  /** A null (or missing) figure is no limit of that kind. */
  @PutMapping("/api/v1/accounts/{id}/sending-limits")
  AccountLimits set(@PathVariable UUID id, @RequestBody SendingLimits body) {
    return limits.set(id, body);
  }

  @DeleteMapping("/api/v1/accounts/{id}/sending-limits")
  AccountLimits reset(@PathVariable UUID id) {
    return limits.reset(id);
  }
}
