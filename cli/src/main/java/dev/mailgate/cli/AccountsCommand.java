package dev.mailgate.cli;

import static dev.mailgate.cli.Output.column;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code mailgate accounts ...}: email accounts, their state, Test connection and Authorize. */
@Command(
    name = "accounts",
    description = "Email accounts.",
    subcommands = {
      AccountsCommand.List.class,
      AccountsCommand.Get.class,
      AccountsCommand.State.class,
      AccountsCommand.Test.class,
      AccountsCommand.Authorize.class,
      AccountsCommand.Create.class,
      AccountsCommand.Delete.class
    })
class AccountsCommand extends Group {

  static final Output.Column[] COLUMNS = {
    column("ID", "/id"),
    column("NAME", "/name"),
    column("TYPE", "/type"),
    column("ADDRESS", "/address"),
    column("SERVER", "/host"),
    column("AUTH", "/authMethod"),
    column("ACTIVE", "/active")
  };

  @Command(name = "list", description = "Every email account.")
  static class List extends Verb {
    @Override
    public Integer call() {
      output().print(api().get("/api/v1/accounts"), COLUMNS);
      return Exit.OK;
    }
  }

  @Command(name = "get", description = "One email account.")
  static class Get extends Verb {
    @Parameters(paramLabel = "ID", description = "The account's id.")
    String id;

    @Override
    public Integer call() {
      output().print(api().get("/api/v1/accounts/" + id), COLUMNS);
      return Exit.OK;
    }
  }

  @Command(name = "state", description = "The account's state in words.")
  static class State extends Verb {
    @Parameters(paramLabel = "ID", description = "The account's id.")
    String id;

    @Override
    public Integer call() {
      output()
          .print(
              api().get("/api/v1/accounts/" + id + "/state"),
              column("STATE", "/kind"),
              column("IN WORDS", "/words"));
      return Exit.OK;
    }
  }

  @Command(name = "test", description = "Test connection, step by step; exits 6 when a step fails.")
  static class Test extends Verb {
    @Parameters(paramLabel = "ID", description = "The account's id.")
    String id;

    @Override
    public Integer call() {
      JsonNode result = api().post("/api/v1/accounts/" + id + "/test", null);
      if (root().format == Output.Format.json) {
        output().print(result);
      } else {
        output()
            .print(
                result.path("steps"),
                column("STEP", "/name"),
                column("OK", "/ok"),
                column("MS", "/millis"),
                column("DETAIL", "/detail"),
                column("SERVER REPLY", "/serverReply"));
      }
      return result.path("ok").asBoolean(false) ? Exit.OK : Exit.UNHEALTHY;
    }
  }

  @Command(
      name = "authorize",
      description = {
        "Prints the URL at which the mailbox's owner signs in to authorize it; with --device,"
            + " runs the device flow (RFC 8628): prints the code and where to type it, waits for"
            + " the sign-in and exits 0 when authorized, 1 when refused, denied or expired."
      })
  static class Authorize extends Verb {
    @Parameters(paramLabel = "ID", description = "The account's id.")
    String id;

    @picocli.CommandLine.Option(
        names = "--device",
        description = "Authorize with a code typed on any device (no browser here).")
    boolean device;

    @picocli.CommandLine.Option(
        names = "--wait-interval",
        defaultValue = "2",
        description = "Seconds between reads of the state with --device (default 2).")
    int waitSeconds;

    @Override
    public Integer call() {
      if (device) {
        return new DeviceFlow(this).run();
      }
      JsonNode answer = api().post("/api/v1/accounts/" + id + "/authorize", null);
      if (root().format == Output.Format.json) {
        output().print(answer);
      } else {
        spec.commandLine().getOut().println(answer.path("authorizationUrl").asString());
        spec.commandLine().getOut().flush();
      }
      return Exit.OK;
    }
  }

  @Command(name = "create", description = "Creates an account from the API's JSON (--json).")
  static class Create extends Verb {
    @picocli.CommandLine.Option(
        names = "--json",
        required = true,
        description = "The account as JSON, @file, or - for stdin (fields as in the API).")
    String json;

    @Override
    public Integer call() {
      output().print(api().post("/api/v1/accounts", JsonInput.read(json, System.in)), COLUMNS);
      return Exit.OK;
    }
  }

  @Command(name = "delete", description = "Deletes an account.")
  static class Delete extends Verb {
    @Parameters(paramLabel = "ID", description = "The account's id.")
    String id;

    @Override
    public Integer call() {
      api().delete("/api/v1/accounts/" + id);
      spec.commandLine().getErr().println("mailgate: account " + id + " deleted.");
      return Exit.OK;
    }
  }
}
