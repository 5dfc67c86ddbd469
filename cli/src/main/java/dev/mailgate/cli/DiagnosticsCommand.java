package dev.mailgate.cli;

import static dev.mailgate.cli.Output.column;

import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

/**
 * {@code mailgate diagnostics}: is email working. Exits 6 when it is not, so a monitoring script
 * needs no JSON parsing.
 */
@Command(
    name = "diagnostics",
    description = "Every account's health and every job; exits 6 when something is unhealthy.")
class DiagnosticsCommand extends Verb {

  @Override
  public Integer call() {
    JsonNode report = api().get("/api/v1/diagnostics");
    if (root().format == Output.Format.json) {
      output().print(report);
    } else {
      output()
          .print(
              report.path("accounts"),
              column("ACCOUNT", "/id"),
              column("ADDRESS", "/address"),
              column("STATE", "/state"),
              column("HEALTHY", "/healthy"),
              column("LAST ERROR", "/lastError"));
      output()
          .print(
              report.path("jobs"),
              column("JOB", "/name"),
              column("RUNNING ON", "/runningOn"),
              column("LAST SUCCESS", "/lastSuccess"),
              column("FAILURES", "/consecutiveFailures"),
              column("NEXT RUN", "/nextRun"));
    }
    return report.path("healthy").asBoolean(false) ? Exit.OK : Exit.UNHEALTHY;
  }
}
