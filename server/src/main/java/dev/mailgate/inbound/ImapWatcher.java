package dev.mailgate.inbound;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.mail.inbound.IdleListener;
import dev.mailgate.mail.inbound.IdleWatch;
import dev.mailgate.mail.inbound.ImapIdle;

/** IMAP IDLE (RFC 2177) on the one selector of {@link ImapIdle} (ADR 0012) as a change watcher. */
final class ImapWatcher implements ChangeWatcher {

  private final ImapIdle idle;
  private final ReaderSignIn signIn;

  ImapWatcher(ImapIdle idle, ReaderSignIn signIn) {
    this.idle = idle;
    this.signIn = signIn;
  }

  @Override
  public Watch watch(EmailAccount account, String folder, IdleListener listener) {
    IdleWatch watch = signIn.run(account, server -> idle.watch(server, folder, listener));
    return new Watch() {
      @Override
      public boolean alive() {
        return watch.alive();
      }

      @Override
      public void renew() {
        watch.renew();
      }

      @Override
      public void close() {
        watch.close();
      }
    };
  }

  @Override
  public void close() {
    idle.close();
  }
}
