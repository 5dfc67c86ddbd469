package dev.mailgate.sandbox;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/** Runs the sandbox alone on the demo's fixed ports until stopped ({@code ./mailgate sandbox}). */
public final class SandboxMain {

  private SandboxMain() {}

  public static void main(String[] args) throws InterruptedException {
    Sandbox sandbox = Sandbox.start(SandboxPorts.fixed());
    Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close, "sandbox-stop"));
    describe(sandbox, System.out);
    new CountDownLatch(1).await();
  }

  /** What is running where, and how to sign in. */
  public static void describe(Sandbox sandbox, PrintStream out) {
    SandboxPorts p = sandbox.ports();
    out.println();
    out.println("  Sandbox OAuth provider: " + sandbox.oauth().discoveryUrl());
    out.println("    sign in on its page as any of " + Sandbox.MAILBOXES + " (just type it)");
    out.println("    scopes: openid email offline_access imap pop smtp");
    out.println(
        "  Sandbox mail server on 127.0.0.1: SMTP "
            + p.smtp()
            + ", SMTPS "
            + p.smtps()
            + ", IMAP "
            + p.imap()
            + ", IMAPS "
            + p.imaps()
            + ", POP3 "
            + p.pop3()
            + ", POP3S "
            + p.pop3s()
            + " (XOAUTH2 with a sandbox token for the mailbox; no STARTTLS)");
    out.println();
  }
}
