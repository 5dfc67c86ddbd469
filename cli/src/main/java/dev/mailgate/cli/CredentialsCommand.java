package dev.mailgate.cli;

import static dev.mailgate.cli.Output.column;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code mailgate credentials ...}: the tokens' status, and Refresh now. */
@Command(
    name = "credentials",
    description = "OAuth credentials (token status).",
    subcommands = {
      CredentialsCommand.List.class,
      CredentialsCommand.Events.class,
      CredentialsCommand.Refresh.class
    })
class CredentialsCommand extends Group {

  static final Output.Column[] COLUMNS = {
    column("ID", "/id"),
    column("IDENTITY", "/identity"),
    column("PROVIDER", "/providerName"),
    column("STATE", "/state"),
    column("EXPIRES", "/accessTokenExpiresAt"),
    column("NEXT REFRESH", "/nextRefreshAt"),
    column("FAILURES", "/consecutiveFailures")
  };

  @Command(name = "list", description = "Every credential with its state and expiry.")
  static class List extends Verb {
    @Override
    public Integer call() {
      output().print(api().get("/api/v1/credentials"), COLUMNS);
      return Exit.OK;
    }
  }

  @Command(name = "refresh", description = "Refreshes the access token now.")
  static class Refresh extends Verb {
    @Parameters(paramLabel = "ID", description = "The credential's id.")
    String id;

    @Override
    public Integer call() {
      api().post("/api/v1/credentials/" + id + "/refresh", null);
      output().print(api().get("/api/v1/credentials/" + id), COLUMNS);
      return Exit.OK;
    }
  }

  @Command(name = "events", description = "A credential's latest events, newest first.")
  static class Events extends Verb {
    @Parameters(paramLabel = "ID", description = "The credential's id.")
    String id;

    @Override
    public Integer call() {
      output()
          .print(
              api().get("/api/v1/credentials/" + id + "/events"),
              column("WHEN", "/occurredAt"),
              column("EVENT", "/kind"),
              column("DETAIL", "/detail"));
      return Exit.OK;
    }
  }
}
