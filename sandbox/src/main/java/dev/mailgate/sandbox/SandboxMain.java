package dev.mailgate.sandbox;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/** Runs the sandbox alone on the demo's fixed ports until stopped ({@code ./mailgate sandbox}). */
public final class SandboxMain {

  /** The Graph stand-in's port when the sandbox runs alone. */
  public static final int GRAPH_PORT = 8091;

  private SandboxMain() {}

  public static void main(String[] args) throws InterruptedException {
    Sandbox sandbox = Sandbox.builder().ports(SandboxPorts.fixed()).graphPort(GRAPH_PORT).start();
    Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close, "sandbox-stop"));
    describe(sandbox, System.out);
    new CountDownLatch(1).await();
  }

  /** What is running where, and how to sign in. No secrets: the sandbox has none to print. */
  public static void describe(Sandbox sandbox, PrintStream out) {
    SandboxOAuthProvider oauth = sandbox.oauth();
    SandboxPorts p = sandbox.ports();
    out.printf(
        """

          Sandbox OAuth provider (issuer %s)
            discovery      %s
            authorization  %s
            token          %s
            jwks           %s
            userinfo       %s
            revocation     %s
            end session    %s
            sign in on its page as any of %s (just type the address; any client id and secret)
            scopes: %s, %s, %s (one per protocol) and %s; tokens live %s

          Sandbox mail server on 127.0.0.1 (XOAUTH2 with a sandbox token for the mailbox)
            SMTP %d, SMTPS %d, IMAP %d, IMAPS %d, POP3 %d, POP3S %d (no STARTTLS: use the TLS ports)
            TLS certificate for localhost/127.0.0.1, trust store %s (password %s)

          Microsoft Graph stand-in on the same mailboxes: %s
            tokens for the audience https://graph.microsoft.com: delegated (scopes
            https://graph.microsoft.com/Mail.ReadWrite ...) or app-only (client credentials,
            https://graph.microsoft.com/.default, roles the sandbox granted the client)

        """,
        oauth.issuer(),
        oauth.discoveryUrl(),
        oauth.authorizationUrl(),
        oauth.tokenUrl(),
        oauth.jwksUrl(),
        oauth.userinfoUrl(),
        oauth.revocationUrl(),
        oauth.endSessionUrl(),
        Sandbox.MAILBOXES,
        SandboxScopes.IMAP,
        SandboxScopes.SMTP,
        SandboxScopes.POP,
        SandboxScopes.OIDC,
        oauth.tokenLifetime().toSeconds() + " s",
        p.smtp(),
        p.smtps(),
        p.imap(),
        p.imaps(),
        p.pop3(),
        p.pop3s(),
        SandboxMailServer.trustStore(),
        SandboxMailServer.TRUST_STORE_PASSWORD,
        sandbox.graph().baseUrl());
  }
}
