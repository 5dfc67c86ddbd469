package dev.mailgate.cli;

import static dev.mailgate.cli.Output.column;

import picocli.CommandLine.Command;

/** {@code mailgate providers ...}: the OAuth providers (Application Registry). */
@Command(
    name = "providers",
    description = "OAuth providers.",
    subcommands = {ProvidersCommand.List.class, ProvidersCommand.Create.class})
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
}
