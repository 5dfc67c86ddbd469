package dev.mailgate.cli;

import java.io.PrintWriter;
import tools.jackson.databind.JsonNode;

/**
 * {@code accounts authorize --device}: starts a device authorization, tells the person what to do,
 * and reads its state until Mailgate's polling of the provider ended it. Mailgate polls the
 * provider (with its interval and slow_down rules); this only reads Mailgate's answer.
 */
final class DeviceFlow {

  private final AccountsCommand.Authorize verb;

  DeviceFlow(AccountsCommand.Authorize verb) {
    this.verb = verb;
  }

  int run() {
    String path = "/api/v1/accounts/" + verb.id + "/device-authorizations";
    JsonNode started = verb.api().post(path, null);
    boolean json = verb.root().format == Output.Format.json;
    // The instructions go to stderr in JSON mode, so stdout stays one JSON document.
    PrintWriter say = json ? verb.spec.commandLine().getErr() : verb.spec.commandLine().getOut();
    say.println(
        "Open "
            + started.path("verificationUri").asString()
            + " and enter the code "
            + started.path("userCode").asString()
            + ", then sign in as the account's mailbox.");
    say.flush();
    JsonNode now = started;
    while ("PENDING".equals(now.path("state").asString())) {
      sleep(Math.max(1, verb.waitSeconds));
      now = verb.api().get(path + "/" + started.path("id").asString());
    }
    if (json) {
      verb.output().print(now);
    } else {
      PrintWriter out = verb.spec.commandLine().getOut();
      out.println(
          "AUTHORIZED".equals(now.path("state").asString())
              ? "Authorized: " + now.path("signedInAs").asString() + " signed in."
              : "Not authorized ("
                  + now.path("state").asString()
                  + "): "
                  + now.path("reason").asString());
      out.flush();
    }
    return "AUTHORIZED".equals(now.path("state").asString()) ? Exit.OK : Exit.REFUSED;
  }

  private static void sleep(int seconds) {
    try {
      Thread.sleep(seconds * 1000L);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(Exit.UNAVAILABLE, "Interrupted while waiting for the sign-in.");
    }
  }
}
