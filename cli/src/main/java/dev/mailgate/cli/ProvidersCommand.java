package dev.mailgate.cli;

import static dev.mailgate.cli.Output.column;

import picocli.CommandLine.Command;

/** {@code mailgate providers ...}: the OAuth providers (Application Registry). */
@Command(
    name = "providers",
    description = "OAuth providers.",
    subcommands = ProvidersCommand.List.class)
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
}
