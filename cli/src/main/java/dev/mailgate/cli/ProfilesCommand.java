package dev.mailgate.cli;

import static dev.mailgate.cli.Output.column;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mailgate profiles ...}: the scope sets of one provider. */
@Command(
    name = "profiles",
    description = "OAuth profiles (scope sets) of a provider.",
    subcommands = {ProfilesCommand.List.class, ProfilesCommand.Add.class})
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

  @Command(name = "add", description = "Adds a profile: --name and --scopes.")
  static class Add extends Verb {
    @Option(names = "--provider", required = true, description = "The provider's id.")
    String provider;

    @Option(names = "--name", required = true, description = "The profile's name.")
    String name;

    @Option(names = "--scopes", required = true, description = "Space-separated scopes.")
    String scopes;

    @Override
    public Integer call() {
      var body = RestApi.JSON.createObjectNode().put("name", name).put("scopes", scopes);
      output()
          .print(
              api().post("/api/v1/providers/" + provider + "/profiles", body.toString()),
              column("ID", "/id"),
              column("NAME", "/name"),
              column("SCOPES", "/scopes"));
      return Exit.OK;
    }
  }
}
