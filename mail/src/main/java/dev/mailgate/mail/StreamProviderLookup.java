package dev.mailgate.mail;

/**
 * Names Angus Mail's {@code jakarta.mail.util.StreamProvider} in the system property that Jakarta
 * Mail reads first.
 *
 * <p>Why: jakarta.mail-api 2.1 does not cache its stream provider. Every {@code InternetHeaders}
 * load, every MIME part parsed or written and most of {@code MimeUtility} look it up again with a
 * {@code ServiceLoader}, which scans the jars of the class path each time. Profiling the inbound
 * ingest showed that scan in about a sixth of the reader's CPU samples (4 KiB messages). With the
 * property set, the lookup is a class-loader cache hit. A value already set (by an operator) is
 * left alone.
 */
public final class StreamProviderLookup {

  static final String PROPERTY = "jakarta.mail.util.StreamProvider";
  static final String ANGUS = "org.eclipse.angus.mail.util.MailStreamProvider";

  private StreamProviderLookup() {}

  /**
   * Sets the property unless it is set; called from the static initializer of each class of this
   * module that uses Jakarta Mail.
   */
  public static void skipServiceLoader() {
    if (System.getProperty(PROPERTY) == null) {
      System.setProperty(PROPERTY, ANGUS);
    }
  }
}
