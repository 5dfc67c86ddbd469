package dev.mailgate.cli;

import static dev.mailgate.cli.Output.column;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code mailgate providers ...}: the OAuth providers (Application Registry). */
@Command(
    name = "providers",
    description = "OAuth providers.",
    subcommands = {
      ProvidersCommand.List.class,
      ProvidersCommand.Create.class,
      ProvidersCommand.Update.class,
      ProvidersCommand.Delete.class,
      ProvidersCommand.Test.class
    })
class ProvidersCommand extends Group {

  @Command(name = "list", description = "Every OAuth provider.")
  static class List extends Verb {
    @Override
    public Integer call() {
      output()
          .print(
              api().get("/api/v1/providers"),
              column("ID", "/id"),
              column("NAME", "/name"),
              column("PRESET", "/preset"),
              column("ISSUER", "/issuer"),
              column("CLIENT ID", "/clientId"));
      return Exit.OK;
    }
  }

  @Command(
      name = "create",
      description = {
        "Creates a provider from the API's JSON (--json): every field, or a preset such as"
            + " {\"preset\":\"GOOGLE\",\"clientId\":...,\"clientSecret\":...}."
      })
  static class Create extends Verb {
    @picocli.CommandLine.Option(
        names = "--json",
        required = true,
        description = "The provider as JSON, @file, or - for stdin.")
    String json;

    @Override
    public Integer call() {
      output()
          .print(
              api().post("/api/v1/providers", JsonInput.read(json, System.in)),
              column("ID", "/id"),
              column("NAME", "/name"),
              column("PRESET", "/preset"));
      return Exit.OK;
    }
  }

  @Command(
      name = "update",
      description = {
        "Replaces a provider's settings with the API's JSON (--json), as PUT does: every field;"
            + " leave clientSecret out to keep the stored one (a changed endpoint needs it again)."
      })
  static class Update extends Verb {
    @Parameters(paramLabel = "ID", description = "The provider's id.")
    String id;

    @picocli.CommandLine.Option(
        names = "--json",
        required = true,
        description = "The provider as JSON, @file, or - for stdin.")
    String json;

    @Override
    public Integer call() {
      output()
          .print(
              api().put("/api/v1/providers/" + id, JsonInput.read(json, System.in)),
              column("ID", "/id"),
              column("NAME", "/name"),
              column("PRESET", "/preset"),
              column("DEVICE FLOW", "/deviceAuthorizationUrl"));
      return Exit.OK;
    }
  }

  @Command(
      name = "delete",
      description =
          "Deletes a provider with its profiles and tokens (refused while accounts use it).")
  static class Delete extends Verb {
    @Parameters(paramLabel = "ID", description = "The provider's id.")
    String id;

    @Override
    public Integer call() {
      api().delete("/api/v1/providers/" + id);
      spec.commandLine().getErr().println("mailgate: provider " + id + " deleted.");
      return Exit.OK;
    }
  }

  @Command(
      name = "test",
      description = "Tests the provider's endpoints step by step; exits 6 when a step fails.")
  static class Test extends Verb {
    @Parameters(paramLabel = "ID", description = "The provider's id.")
    String id;

    @Override
    public Integer call() {
      JsonNode report = api().post("/api/v1/providers/" + id + "/test", null);
      if (root().format == Output.Format.json) {
        output().print(report);
      } else {
        output()
            .print(
                report.path("steps"),
                column("STEP", "/name"),
                column("OK", "/ok"),
                column("MS", "/millis"),
                column("DETAIL", "/detail"));
      }
      return report.path("ok").asBoolean(false) ? Exit.OK : Exit.UNHEALTHY;
    }
  }
}
