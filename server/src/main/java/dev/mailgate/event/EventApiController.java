package dev.mailgate.event;

import dev.mailgate.system.ApiController;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The event log by REST: {@code GET /api/v1/events?type=&account=&credential=&from=&to=&text=
 * &before=&limit=}, newest first; {@code next} is the {@code before} of the following page.
 */
@ApiController
@RequestMapping("/api/v1/events")
class EventApiController {

  private final EventLog events;

  EventApiController(EventLog events) {
    this.events = events;
  }

  @GetMapping
  EventPage list(
      @RequestParam(name = "type", required = false) List<String> types,
      @RequestParam(required = false) String account,
      @RequestParam(required = false) String credential,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(required = false) String text,
      @RequestParam(required = false) String before,
      @RequestParam(required = false) String limit) {
    return events.find(
        EventFilters.parse(types, account, credential, from, to, text, before, limit));
  }
}
