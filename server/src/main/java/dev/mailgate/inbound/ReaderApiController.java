package dev.mailgate.inbound;

import dev.mailgate.system.ApiController;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;

/**
 * Inbound readers over REST: their state, and each account's post-fetch action and IDLE setting.
 */
@ApiController
class ReaderApiController {

  private final Readers readers;

  ReaderApiController(Readers readers) {
    this.readers = readers;
  }

  @GetMapping("/api/v1/readers")
  List<ReaderView> list() {
    return readers.list();
  }

  @GetMapping("/api/v1/accounts/{id}/reader")
  ReaderView one(@PathVariable UUID id) {
    return readers.find(id);
  }

  @PutMapping("/api/v1/accounts/{id}/reader")
  ReaderView configure(@PathVariable UUID id, @RequestBody ReaderSettings settings) {
    return readers.configure(id, settings);
  }
}
