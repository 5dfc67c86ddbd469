package dev.mailgate.security.crypto;

import com.google.crypto.tink.KeysetHandle;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * {@code ./mailgate master-key [FILE]}: makes a new master keyset (one AES-256-GCM key) for a
 * cluster, before its first node starts. Without an argument it prints the keyset as one base64
 * line for {@code MAILGATE_MASTER_KEY}; with one it writes the Tink JSON to FILE, owner-only
 * (0600), for {@code MAILGATE_MASTER_KEY_FILE}, and refuses to replace an existing file (that key
 * may still encrypt secrets). Every node of a cluster must be given the same keyset.
 *
 * <p>Exit codes: 0 done, 1 the file exists or cannot be written, 2 wrong usage.
 */
public final class MasterKeyCommand {

  static final int DONE = 0;
  static final int REFUSED = 1;
  static final int USAGE = 2;

  private MasterKeyCommand() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length > 1 || (args.length == 1 && args[0].startsWith("-"))) {
      err.println("usage: mailgate master-key [FILE]");
      err.println("  prints a new master keyset (base64, for MAILGATE_MASTER_KEY),");
      err.println("  or writes it to FILE (0600, for MAILGATE_MASTER_KEY_FILE)");
      return USAGE;
    }
    KeysetHandle keyset = MasterKeySource.generate();
    if (args.length == 0) {
      out.println(
          Base64.getEncoder()
              .encodeToString(MasterKeySource.serialize(keyset).getBytes(StandardCharsets.UTF_8)));
      err.println(
          "mailgate: a new master key (above). Give every node the same value as"
              + " MAILGATE_MASTER_KEY, keep a copy where your secrets are kept: without it the"
              + " stored tokens and secrets cannot be read.");
      return DONE;
    }
    Path file = Path.of(args[0]).toAbsolutePath();
    if (Files.exists(file)) {
      err.println(
          "mailgate: "
              + file
              + " exists; it may be the key that encrypts your secrets, so it is left as it is."
              + " Name a new file, or rotate the key in the admin UI (System > Master key).");
      return REFUSED;
    }
    try {
      new MasterKeySource(new MasterKeyProperties(null, file)).store(keyset);
    } catch (MasterKeyException e) {
      err.println("mailgate: " + e.getMessage());
      return REFUSED;
    }
    err.println(
        "mailgate: a new master key is in "
            + file
            + " (owner-only). Give every node this file as MAILGATE_MASTER_KEY_FILE, or its"
            + " content as MAILGATE_MASTER_KEY.");
    return DONE;
  }
}
