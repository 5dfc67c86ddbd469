package dev.mailgate.mail.inbound;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLSocketFactory;

/**
 * One POP3 session (RFC 1939) reading by unique-id listing (UIDL, section 7): the caller skips the
 * UIDLs it has stored, fetches the others, stores them, and only then applies its {@link
 * PostFetchAction}. POP3 has no flags or folders: only {@link PostFetchAction.Delete} changes the
 * server, and deletions take effect when the session closes (the UPDATE state). The session is
 * Mailgate's own ({@link Pop3Session}), so a token signs in with XOAUTH2 or OAUTHBEARER as ADR 0019
 * says.
 */
public final class Pop3Mailbox implements AutoCloseable {

  private final MailServer server;
  private final Pop3Session session;
  private final Map<String, Integer> byUidl;
  private final Set<String> deleted = new LinkedHashSet<>();

  private Pop3Mailbox(MailServer server, Pop3Session session, Map<String, Integer> byUidl) {
    this.server = server;
    this.session = session;
    this.byUidl = byUidl;
  }

  /** Signs in, opens the mailbox and reads its unique-id listing. */
  public static Pop3Mailbox open(MailServer server, SSLSocketFactory tls) {
    Pop3Session session = Pop3Session.open(server, tls);
    try {
      return new Pop3Mailbox(server, session, Collections.unmodifiableMap(session.uidl()));
    } catch (IOException | RuntimeException e) {
      session.close();
      throw new MailboxException(
          "cannot list the mailbox on " + MailSessions.where(server) + ": " + e.getMessage(), e);
    }
  }

  /** The UIDLs of every message in the mailbox, in server order. */
  public List<String> uidls() {
    return List.copyOf(byUidl.keySet());
  }

  /** The message's exact bytes; empty if the UIDL is not in this session's listing. */
  public Optional<byte[]> raw(String uidl) {
    Integer number = byUidl.get(uidl);
    if (number == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(session.retrieve(number));
    } catch (IOException e) {
      throw new MailboxException(
          "cannot fetch " + uidl + " on " + MailSessions.where(server) + ": " + e.getMessage(), e);
    }
  }

  /** Applies the action to a stored message: only a deletion does anything in POP3. */
  public void after(String uidl, PostFetchAction action) {
    Integer number = byUidl.get(uidl);
    if (number == null || !(action instanceof PostFetchAction.Delete) || deleted.contains(uidl)) {
      return;
    }
    try {
      session.delete(number);
      deleted.add(uidl);
    } catch (IOException e) {
      throw new MailboxException("cannot delete " + uidl + ": " + e.getMessage(), e);
    }
  }

  /** Ends the session; messages marked for deletion are deleted now (QUIT). */
  @Override
  public void close() {
    try {
      session.quit();
    } catch (IOException e) {
      // the server keeps what it did not delete; the next session sees it again
    } finally {
      session.close();
    }
  }
}
