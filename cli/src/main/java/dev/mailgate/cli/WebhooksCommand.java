package dev.mailgate.cli;

import static dev.mailgate.cli.Output.column;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code mailgate webhooks ...}: subscriptions and their deliveries. */
@Command(
    name = "webhooks",
    description = "Webhook subscriptions.",
    subcommands = {WebhooksCommand.List.class, WebhooksCommand.Deliveries.class})
class WebhooksCommand extends Group {

  @Command(name = "list", description = "Every subscription.")
  static class List extends Verb {
    @Override
    public Integer call() {
      output()
          .print(
              api().get("/api/v1/webhooks"),
              column("ID", "/id"),
              column("URL", "/url"),
              column("EVENTS", "/events"),
              column("ACCOUNT", "/account"),
              column("ACTIVE", "/active"));
      return Exit.OK;
    }
  }

  @Command(name = "deliveries", description = "A subscription's latest deliveries.")
  static class Deliveries extends Verb {
    @Parameters(paramLabel = "ID", description = "The subscription's id.")
    String id;

    @Override
    public Integer call() {
      output()
          .print(
              api().get("/api/v1/webhooks/" + id + "/deliveries"),
              column("ID", "/id"),
              column("EVENT", "/eventType"),
              column("STATE", "/state"),
              column("ATTEMPTS", "/attempts"));
      return Exit.OK;
    }
  }
}
