package dev.mailgate.cli;

import static dev.mailgate.cli.Output.column;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code mailgate webhooks ...}: subscriptions and their deliveries. */
@Command(
    name = "webhooks",
    description = "Webhook subscriptions.",
    subcommands = {
      WebhooksCommand.List.class,
      WebhooksCommand.Deliveries.class,
      WebhooksCommand.Redeliver.class,
      WebhooksCommand.Create.class,
      WebhooksCommand.Delete.class
    })
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

  @Command(
      name = "create",
      description =
          "Subscribes: --receiver URL and --event (repeat it); prints the signing secret once.")
  static class Create extends Verb {
    @picocli.CommandLine.Option(
        names = "--receiver",
        required = true,
        description = "The receiver's URL.")
    String url;

    @picocli.CommandLine.Option(
        names = "--event",
        required = true,
        description = "e.g. message.received, message.failed (repeatable).")
    java.util.List<String> events;

    @picocli.CommandLine.Option(names = "--account", description = "Only this account's (id).")
    String account;

    @Override
    public Integer call() {
      var body = RestApi.JSON.createObjectNode().put("url", url);
      events.forEach(body.putArray("events")::add);
      if (account != null) {
        body.put("account", account);
      }
      output()
          .print(
              api().post("/api/v1/webhooks", body.toString()),
              column("ID", "/subscription/id"),
              column("URL", "/subscription/url"),
              column("SECRET", "/secret"));
      return Exit.OK;
    }
  }

  @Command(name = "delete", description = "Deletes a subscription.")
  static class Delete extends Verb {
    @Parameters(paramLabel = "ID", description = "The subscription's id.")
    String id;

    @Override
    public Integer call() {
      api().delete("/api/v1/webhooks/" + id);
      spec.commandLine().getErr().println("mailgate: webhook " + id + " deleted.");
      return Exit.OK;
    }
  }

  @Command(name = "redeliver", description = "Sends a delivery again (queued: 202).")
  static class Redeliver extends Verb {
    @Parameters(index = "0", paramLabel = "ID", description = "The subscription's id.")
    String id;

    @Parameters(index = "1", paramLabel = "DELIVERY", description = "The delivery's id.")
    long delivery;

    @Override
    public Integer call() {
      output()
          .print(
              api().post("/api/v1/webhooks/" + id + "/deliveries/" + delivery + "/redeliver", null),
              column("ID", "/id"),
              column("EVENT", "/eventType"),
              column("STATE", "/state"),
              column("ATTEMPTS", "/attempts"));
      return Exit.OK;
    }
  }
}
