package dev.mailgate.cli;

import static dev.mailgate.cli.Output.column;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code mailgate api-tokens ...}: list and revoke. New tokens are made in the admin UI only, where
 * the secret is shown once to a logged-in admin.
 */
@Command(
    name = "api-tokens",
    description = "API tokens (create them in the admin UI).",
    subcommands = {ApiTokensCommand.List.class, ApiTokensCommand.Revoke.class})
class ApiTokensCommand extends Group {

  @Command(name = "list", description = "Every API token (never its secret).")
  static class List extends Verb {
    @Override
    public Integer call() {
      output()
          .print(
              api().get("/api/v1/api-tokens"),
              column("ID", "/id"),
              column("NAME", "/name"),
              column("PREFIX", "/prefix"),
              column("CREATED", "/createdAt"),
              column("LAST USED", "/lastUsedAt"),
              column("REVOKED", "/revokedAt"));
      return Exit.OK;
    }
  }

  @Command(name = "revoke", description = "Revokes an API token at once.")
  static class Revoke extends Verb {
    @Parameters(paramLabel = "ID", description = "The token's id.")
    String id;

    @Override
    public Integer call() {
      api().delete("/api/v1/api-tokens/" + id);
      spec.commandLine().getErr().println("mailgate: API token " + id + " revoked.");
      return Exit.OK;
    }
  }
}
