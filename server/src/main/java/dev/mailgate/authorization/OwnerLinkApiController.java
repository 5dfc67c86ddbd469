package dev.mailgate.authorization;

import dev.mailgate.system.ApiController;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * REST: a one-time authorization link for the account's owner ({@code url} is shown only in this
 * answer), and the account's links with who authorized and when.
 */
@ApiController
@RequestMapping("/api/v1/accounts/{id}/owner-links")
class OwnerLinkApiController {

  private final OwnerLinkService links;

  OwnerLinkApiController(OwnerLinkService links) {
    this.links = links;
  }

  @PostMapping
  ResponseEntity<OwnerLinkService.CreatedLink> create(@PathVariable UUID id) {
    OwnerLinkService.CreatedLink created = links.create(id);
    return ResponseEntity.created(created.url()).body(created);
  }

  @GetMapping
  List<OwnerLink> list(@PathVariable UUID id) {
    return links.of(id);
  }
}
