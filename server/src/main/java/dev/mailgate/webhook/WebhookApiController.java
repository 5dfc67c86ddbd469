package dev.mailgate.webhook;

import dev.mailgate.system.ApiController;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Webhook subscriptions over REST, their delivery log and redelivery. The secret is in the answer
 * only when it was generated or set by that request.
 */
@ApiController
@RequestMapping("/api/v1/webhooks")
class WebhookApiController {

  private final Subscriptions subscriptions;
  private final DeliveryLog log;

  WebhookApiController(Subscriptions subscriptions, DeliveryLog log) {
    this.subscriptions = subscriptions;
    this.log = log;
  }

  @GetMapping
  List<Subscription> list() {
    return subscriptions.list();
  }

  @GetMapping("/{id}")
  Subscription one(@PathVariable UUID id) {
    return subscriptions.find(id);
  }

  @PostMapping
  ResponseEntity<IssuedSubscription> create(@RequestBody SubscriptionInput input) {
    IssuedSubscription created = subscriptions.create(input);
    return ResponseEntity.created(URI.create("/api/v1/webhooks/" + created.subscription().id()))
        .body(created);
  }

  @PutMapping("/{id}")
  IssuedSubscription update(@PathVariable UUID id, @RequestBody SubscriptionInput input) {
    return subscriptions.update(id, input);
  }

  @DeleteMapping("/{id}")
  ResponseEntity<Void> delete(@PathVariable UUID id) {
    subscriptions.delete(id);
    return ResponseEntity.noContent().build();
  }

  @GetMapping("/{id}/deliveries")
  List<Delivery> deliveries(@PathVariable UUID id) {
    return log.latest(id);
  }

  @PostMapping("/{id}/deliveries/{delivery}/redeliver")
  ResponseEntity<Delivery> redeliver(@PathVariable UUID id, @PathVariable long delivery) {
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(log.redeliver(id, delivery));
  }
}
