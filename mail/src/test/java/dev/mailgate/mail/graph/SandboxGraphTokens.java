package dev.mailgate.mail.graph;

import dev.mailgate.sandbox.SandboxOAuthProvider;
import dev.mailgate.sandbox.SandboxScopes;
import dev.mailgate.sandbox.SandboxSignIn;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** Tokens from the sandbox provider, as the server's credential service would hand them out. */
final class SandboxGraphTokens implements GraphTokenSource {

  private final Supplier<String> fresh;
  private final AtomicInteger issued = new AtomicInteger();
  private final List<String> refused = new ArrayList<>();
  private volatile String current;

  private SandboxGraphTokens(Supplier<String> fresh, String first) {
    this.fresh = fresh;
    this.current = first;
  }

  /** A person's delegated tokens with these Graph permissions (e.g. Mail.ReadWrite). */
  static SandboxGraphTokens delegated(
      SandboxOAuthProvider provider, String identity, String... permissions) {
    List<String> scopes =
        new ArrayList<>(List.of(SandboxScopes.OPENID, SandboxScopes.OFFLINE_ACCESS));
    for (String permission : permissions) {
      scopes.add(SandboxScopes.graph(permission));
    }
    Supplier<String> signIn = () -> provider.signIn(identity, scopes).accessToken();
    return new SandboxGraphTokens(signIn, null);
  }

  /** App-only tokens of the sandbox test client (grant it permissions first). */
  static SandboxGraphTokens appOnly(SandboxOAuthProvider provider) {
    Supplier<String> credentials =
        () ->
            new SandboxSignIn(provider)
                .clientCredentials(List.of(SandboxScopes.GRAPH_DEFAULT))
                .accessToken();
    return new SandboxGraphTokens(credentials, null);
  }

  /** Hands out this token first (e.g. one Graph will refuse), then fresh ones. */
  SandboxGraphTokens startingWith(String token) {
    return new SandboxGraphTokens(fresh, token);
  }

  @Override
  public synchronized String token() {
    if (current == null) {
      current = fresh.get();
      issued.incrementAndGet();
    }
    return current;
  }

  @Override
  public synchronized void refused(String token) {
    refused.add(token);
    if (token.equals(current)) {
      current = null;
    }
  }

  synchronized int refusals() {
    return refused.size();
  }

  int issued() {
    return issued.get();
  }
}
