package dev.mailgate.sandbox;

import java.util.stream.Stream;

/**
 * What a Graph request needs, by Microsoft's permissions reference: reading mail ({@code
 * Mail.Read}), changing it ({@code Mail.ReadWrite}), sending ({@code Mail.Send}); in another
 * person's mailbox a delegated token needs the {@code .Shared} variant and the mailbox's grant.
 */
enum GraphPermission {
  READ("Mail.Read", "Mail.ReadWrite"),
  WRITE("Mail.ReadWrite"),
  SEND("Mail.Send");

  private final String[] own;

  GraphPermission(String... own) {
    this.own = own;
  }

  /** The permissions that allow it in one's own mailbox, or app-only in any. */
  Stream<String> own() {
    return Stream.of(own);
  }

  /** The delegated permissions that allow it in a mailbox shared with the caller. */
  Stream<String> shared() {
    return own().map(p -> p + ".Shared");
  }

  /**
   * @throws GraphError 403 {@code ErrorAccessDenied} when the caller may not do this here
   */
  void check(GraphCaller caller, String mailbox, SandboxMailServer mail) {
    if (!caller.delegated()) {
      if (!caller.holdsAny(own())) {
        throw GraphError.accessDenied("the application has none of " + own().toList());
      }
      return;
    }
    if (caller.identity().equals(mailbox)) {
      if (!caller.holdsAny(Stream.concat(own(), shared()))) {
        throw GraphError.accessDenied("the token has none of the scopes " + own().toList());
      }
      return;
    }
    if (!caller.holdsAny(shared())) {
      throw GraphError.accessDenied(
          mailbox + " is not " + caller.identity() + "'s: that needs one of " + shared().toList());
    }
    if (!mail.hasAccess(mailbox, caller.identity())) {
      throw GraphError.accessDenied(caller.identity() + " was granted no access to " + mailbox);
    }
  }
}
