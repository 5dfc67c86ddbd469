package dev.mailgate.cli;

import static dev.mailgate.cli.Output.column;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mailgate outbox ...}: mail queued to send, Retry and Cancel. */
@Command(
    name = "outbox",
    description = "Outbound mail and its delivery state.",
    subcommands = {
      OutboxCommand.List.class,
      OutboxCommand.Get.class,
      OutboxCommand.History.class,
      OutboxCommand.Retry.class,
      OutboxCommand.Cancel.class
    })
class OutboxCommand extends Group {

  static final Output.Column[] COLUMNS = {
    column("ID", "/id"),
    column("STATE", "/state"),
    column("ACCOUNT", "/account"),
    column("RECIPIENTS", "/recipients"),
    column("ATTEMPTS", "/attempts"),
    column("NEXT ATTEMPT", "/nextAttemptAt"),
    column("LAST REPLY", "/lastReply")
  };

  @Command(name = "list", description = "The newest 200 entries.")
  static class List extends Verb {
    @Option(names = "--state", description = "Only this state, e.g. FAILED, OUTCOME_UNKNOWN.")
    String state;

    @Option(names = "--account", description = "Only this account's (id).")
    String account;

    @Override
    public Integer call() {
      output()
          .print(api().get("/api/v1/outbox" + query("state", state, "account", account)), COLUMNS);
      return Exit.OK;
    }
  }

  @Command(name = "get", description = "One entry's delivery state.")
  static class Get extends Verb {
    @Parameters(paramLabel = "ID", description = "The entry's id.")
    String id;

    @Override
    public Integer call() {
      output().print(api().get("/api/v1/outbox/" + id), COLUMNS);
      return Exit.OK;
    }
  }

  @Command(name = "retry", description = "Sends a failed, held or unknown-outcome entry again now.")
  static class Retry extends Verb {
    @Parameters(paramLabel = "ID", description = "The entry's id.")
    String id;

    @Override
    public Integer call() {
      output().print(api().post("/api/v1/outbox/" + id + "/retry", null), COLUMNS);
      return Exit.OK;
    }
  }

  @Command(name = "cancel", description = "Cancels an entry not sent yet.")
  static class Cancel extends Verb {
    @Parameters(paramLabel = "ID", description = "The entry's id.")
    String id;

    @Override
    public Integer call() {
      output().print(api().post("/api/v1/outbox/" + id + "/cancel", null), COLUMNS);
      return Exit.OK;
    }
  }

  @Command(name = "history", description = "One entry's state changes, with when and why.")
  static class History extends Verb {
    @Parameters(paramLabel = "ID", description = "The entry's id.")
    String id;

    @Override
    public Integer call() {
      output()
          .print(
              api().get("/api/v1/outbox/" + id + "/history"),
              column("AT", "/at"),
              column("STATE", "/state"),
              column("REASON", "/reason"));
      return Exit.OK;
    }
  }
}
