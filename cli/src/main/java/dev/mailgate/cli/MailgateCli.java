package dev.mailgate.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code mailgate}: Mailgate's REST API from a shell. Talks only to the API (never the database),
 * with an API token from the environment or a config file ({@link Connection}); prints tables or
 * the API's JSON; exits with a code a script can act on ({@link Exit}).
 */
@Command(
    name = "mailgate",
    mixinStandardHelpOptions = true,
    version = "mailgate CLI 0.1.0",
    description = "Mailgate from the command line, through its REST API.",
    footer = {
      "",
      "Connection: --url or MAILGATE_URL (default " + Connection.DEFAULT_URL + "),",
      "MAILGATE_API_TOKEN or token= in ~/.config/mailgate/cli.properties (or --config).",
      "Exit codes: 0 done, 1 refused, 2 usage, 3 no or refused API token, 4 not found,",
      "5 Mailgate unreachable or failing, 6 not healthy (diagnostics, accounts test)."
    },
    subcommands = {
      ProvidersCommand.class,
      ProfilesCommand.class,
      AccountsCommand.class,
      CredentialsCommand.class,
      OutboxCommand.class,
      MessagesCommand.class,
      WebhooksCommand.class,
      DiagnosticsCommand.class,
      ApiTokensCommand.class,
      AutoComplete.GenerateCompletion.class
    })
public final class MailgateCli implements Runnable {

  @Option(
      names = "--url",
      scope = ScopeType.INHERIT,
      description =
          "Mailgate's base URL (else MAILGATE_URL, the config file, "
              + Connection.DEFAULT_URL
              + ").")
  String url;

  @Option(
      names = "--config",
      scope = ScopeType.INHERIT,
      description = "Config file with url= and token= (default ~/.config/mailgate/cli.properties).")
  Path config;

  @Option(
      names = {"-o", "--output"},
      scope = ScopeType.INHERIT,
      defaultValue = "table",
      description = "table or json (default: ${DEFAULT-VALUE}).")
  Output.Format format;

  private final Map<String, String> env;
  private RestApi api;

  MailgateCli(Map<String, String> env) {
    this.env = env;
  }

  public static void main(String[] args) {
    System.exit(commandLine(System.getenv()).execute(args));
  }

  /** The command line with Mailgate's error handling; {@code env} stands for the environment. */
  static CommandLine commandLine(Map<String, String> env) {
    MailgateCli root = new MailgateCli(env);
    CommandLine line = new CommandLine(root);
    // --json @file names a file to send; picocli would otherwise read it as more arguments.
    line.setExpandAtFiles(false);
    line.setExecutionExceptionHandler(
        (e, command, parsed) -> {
          if (e instanceof ApiException api) {
            command.getErr().println("mailgate: " + api.getMessage());
            command.getErr().flush();
            return api.exitCode();
          }
          throw e;
        });
    return line;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        new CommandLine(this), "Name a command, e.g. mailgate accounts list (mailgate --help).");
  }

  RestApi api() {
    if (api == null) {
      api = new RestApi(Connection.resolve(url, config, env));
    }
    return api;
  }

  Output output(PrintWriter writer) {
    return new Output(format == null ? Output.Format.table : format, writer);
  }
}
