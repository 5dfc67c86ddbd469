package dev.mailgate.cli;

import static dev.mailgate.cli.Output.column;

import java.time.Duration;
import java.util.ArrayList;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code mailgate messages ...}: the stored messages (received and sent), the feed. */
@Command(
    name = "messages",
    description = "Stored messages, received and sent.",
    subcommands = {
      MessagesCommand.List.class,
      MessagesCommand.Tail.class,
      MessagesCommand.Raw.class
    })
class MessagesCommand extends Group {

  static final Output.Column[] COLUMNS = {
    column("ID", "/id"),
    column("DIRECTION", "/direction"),
    column("RECEIVED", "/receivedAt"),
    column("FROM", "/from/address"),
    column("SUBJECT", "/subject")
  };

  @Command(name = "list", description = "One page of the feed, oldest first.")
  static class List extends Verb {
    @Option(names = "--account", description = "Only this account's (id).")
    String account;

    @Option(names = "--direction", description = "INBOUND or OUTBOUND.")
    String direction;

    @Option(names = "--after", description = "The 'next' cursor of the previous page.")
    String after;

    @Option(names = "--limit", description = "Messages per page (the API's default when unset).")
    String limit;

    @Override
    public Integer call() {
      JsonNode page =
          api()
              .get(
                  "/api/v1/messages"
                      + query(
                          "account",
                          account,
                          "direction",
                          direction,
                          "after",
                          after,
                          "limit",
                          limit));
      if (root().format == Output.Format.json) {
        output().print(page);
      } else {
        output().print(page.path("messages"), COLUMNS);
        spec.commandLine().getErr().println("next: " + page.path("next").asString());
      }
      return Exit.OK;
    }
  }

  @Command(
      name = "tail",
      description = {
        "Follows the feed: prints each new message as it is stored (one JSON object a line with"
            + " -o json), until interrupted or --count messages were printed."
      })
  static class Tail extends Verb {
    @Option(names = "--account", description = "Only this account's (id).")
    String account;

    @Option(names = "--from-start", description = "Print the stored messages first.")
    boolean fromStart;

    @Option(
        names = "--after",
        description = "Start after this cursor (a 'next' value), e.g. where a previous tail ended.")
    String after;

    @Option(
        names = "--interval",
        defaultValue = "PT2S",
        description = "How often to ask (ISO-8601 duration, default ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--count", description = "Stop after this many messages.")
    Integer count;

    @Override
    public Integer call() throws InterruptedException {
      String cursor = after;
      if (cursor == null && !fromStart) {
        cursor = end();
      }
      int printed = 0;
      while (count == null || printed < count) {
        JsonNode page = page(cursor);
        cursor = page.path("next").asString(cursor);
        java.util.List<JsonNode> messages = new ArrayList<>();
        for (JsonNode message : page.path("messages")) {
          if (count != null && printed + messages.size() >= count) {
            break;
          }
          messages.add(message);
        }
        output().rows(messages, COLUMNS);
        printed += messages.size();
        if (page.path("messages").isEmpty()) {
          Thread.sleep(interval.toMillis());
        }
      }
      return Exit.OK;
    }

    /** The cursor after the last stored message: pages through the feed without printing. */
    private String end() {
      String cursor = null;
      while (true) {
        JsonNode page = page(cursor);
        cursor = page.path("next").asString(cursor);
        if (page.path("messages").isEmpty()) {
          return cursor;
        }
      }
    }

    private JsonNode page(String after) {
      return api()
          .get("/api/v1/messages" + query("account", account, "after", after, "limit", "500"));
    }
  }

  @Command(name = "raw", description = "The exact raw message (message/rfc822) to stdout.")
  static class Raw extends Verb {
    @Parameters(paramLabel = "ID", description = "The message's id.")
    String id;

    @Override
    public Integer call() {
      byte[] raw = api().bytes("/api/v1/messages/" + id + "/raw");
      // Bytes, not text: a message's charset is its own business; this is the exact message.
      System.out.write(raw, 0, raw.length);
      System.out.flush();
      return Exit.OK;
    }
  }
}
