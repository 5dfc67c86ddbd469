package dev.mailgate.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A noun ({@code accounts}, {@code outbox}) whose verbs are its subcommands. */
abstract class Group implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "Name what to do: "
            + String.join(", ", spec.subcommands().keySet())
            + " (mailgate "
            + spec.name()
            + " --help).");
  }
}
