package dev.mailgate.cli;

import static dev.mailgate.cli.Output.column;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mailgate profiles ...}: the scope sets of one provider. */
@Command(
    name = "profiles",
    description = "OAuth profiles (scope sets) of a provider.",
    subcommands = ProfilesCommand.List.class)
class ProfilesCommand extends Group {

  @Command(name = "list", description = "The profiles of one provider.")
  static class List extends Verb {
    @Option(names = "--provider", required = true, description = "The provider's id.")
    String provider;

    @Override
    public Integer call() {
      output()
          .print(
              api().get("/api/v1/providers/" + provider + "/profiles"),
              column("ID", "/id"),
              column("NAME", "/name"),
              column("SCOPES", "/scopes"));
      return Exit.OK;
    }
  }
}
