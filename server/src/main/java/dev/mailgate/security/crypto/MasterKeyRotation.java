package dev.mailgate.security.crypto;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import dev.mailgate.event.EventLog;
import dev.mailgate.event.EventType;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Master key rotation: add a key and make it primary, re-encrypt every stored secret under it, and
 * remove an old key once nothing uses it. Until removed, old keys still decrypt, so a rotation cut
 * short is simply run again.
 */
@Service
public class MasterKeyRotation {

  /** One key of the keyset and how many stored secrets it encrypts. */
  public record KeyInfo(int id, boolean primary, String status, long secrets) {}

  /** What a rotation or re-encryption did. */
  public record Report(int primaryKeyId, long reencrypted, Map<String, Long> reencryptedByColumn) {}

  private static final Logger log = LoggerFactory.getLogger(MasterKeyRotation.class);
  private static final int BATCH = 200;

  private final SecretCipher cipher;
  private final MasterKeySource source;
  private final SecretColumns columns;
  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final EventLog events;

  MasterKeyRotation(
      SecretCipher cipher,
      MasterKeyProperties properties,
      SecretColumns columns,
      JdbcClient jdbc,
      TransactionTemplate transactions,
      EventLog events) {
    this.cipher = cipher;
    this.events = events;
    this.source = new MasterKeySource(properties);
    this.columns = columns;
    this.jdbc = jdbc;
    this.transactions = transactions;
  }

  /** The keys of the keyset, primary first, with the number of secrets each encrypts. */
  public synchronized List<KeyInfo> keys() {
    Map<Integer, Long> usage = usageByKey();
    KeysetHandle keyset = cipher.keyset();
    List<KeyInfo> keys = new ArrayList<>();
    for (int i = 0; i < keyset.size(); i++) {
      KeysetHandle.Entry entry = keyset.getAt(i);
      keys.add(
          new KeyInfo(
              entry.getId(),
              entry.isPrimary(),
              entry.getStatus().toString(),
              usage.getOrDefault(entry.getId(), 0L)));
    }
    keys.sort((a, b) -> Boolean.compare(b.primary(), a.primary()));
    return keys;
  }

  /**
   * Adds a new AES-256-GCM key, makes it primary, saves the keyset and re-encrypts every secret.
   */
  public synchronized Report rotate() {
    KeysetHandle current = cipher.keyset();
    KeysetHandle rotated;
    try {
      rotated =
          KeysetHandle.newBuilder(current)
              .addEntry(
                  KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                      .withRandomId()
                      .makePrimary())
              .build();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot add a key to the keyset", e);
    }
    source.store(rotated);
    cipher.use(rotated);
    log.info("Master key rotated: key {} is now primary", rotated.getPrimary().getId());
    Report report = reencryptAll();
    events.record(
        EventType.MASTER_KEY_ROTATED,
        null,
        null,
        "Master key rotated: key " + report.primaryKeyId() + " is now primary",
        Map.of("primaryKeyId", report.primaryKeyId(), "reencrypted", report.reencrypted()));
    return report;
  }

  /** Re-encrypts every secret not yet under the primary key (resumes a rotation cut short). */
  public synchronized Report reencryptAll() {
    int primary = cipher.primaryKeyId();
    Map<String, Long> counts = new LinkedHashMap<>();
    for (SecretColumn column : columns.all()) {
      counts.put(column.toString(), reencrypt(column, primary));
    }
    long total = counts.values().stream().mapToLong(Long::longValue).sum();
    log.info("Re-encrypted {} secrets under key {}: {}", total, primary, counts);
    return new Report(primary, total, counts);
  }

  /** Removes a key that is not primary and encrypts nothing any more. */
  public synchronized void removeKey(int keyId) {
    KeysetHandle keyset = cipher.keyset();
    if (keyId == keyset.getPrimary().getId()) {
      throw new MasterKeyException(
          "Key " + keyId + " is the primary key.", "Rotate first, then remove the old key.");
    }
    long used = usageByKey().getOrDefault(keyId, 0L);
    if (used > 0) {
      throw new MasterKeyException(
          "Key " + keyId + " still encrypts " + used + " secrets.",
          "Re-encrypt all secrets first, then remove it.");
    }
    KeysetHandle.Builder builder = KeysetHandle.newBuilder(keyset);
    boolean found = false;
    for (int i = 0; i < builder.size(); i++) {
      if (builder.getAt(i).isPrimary() || keyset.getAt(i).getId() != keyId) {
        continue;
      }
      builder.deleteAt(i);
      found = true;
      break;
    }
    if (!found) {
      throw new MasterKeyException(
          "The keyset has no key " + keyId + ".", "List the keys to find the right id.");
    }
    try {
      KeysetHandle reduced = builder.build();
      source.store(reduced);
      cipher.use(reduced);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot remove key " + keyId, e);
    }
    log.info("Master key {} removed", keyId);
  }

  private long reencrypt(SecretColumn column, int primary) {
    long done = 0;
    List<Row> pending = rowsNotUnder(column, primary);
    for (int from = 0; from < pending.size(); from += BATCH) {
      List<Row> batch = pending.subList(from, Math.min(pending.size(), from + BATCH));
      done += transactions.execute(status -> reencryptBatch(column, batch));
    }
    return done;
  }

  private long reencryptBatch(SecretColumn column, List<Row> batch) {
    long done = 0;
    for (Row row : batch) {
      String plaintext = cipher.decrypt(column, row.id(), row.ciphertext());
      // Compare-and-set: a secret changed meanwhile is already under the primary key.
      done +=
          jdbc.sql(
                  "update "
                      + column.table()
                      + " set "
                      + column.column()
                      + " = :fresh where id = :id and "
                      + column.column()
                      + " = :old")
              .param("fresh", cipher.encrypt(column, row.id(), plaintext))
              .param("id", row.id())
              .param("old", row.ciphertext())
              .update();
    }
    return done;
  }

  private record Row(Object id, String ciphertext) {}

  private List<Row> rowsNotUnder(SecretColumn column, int keyId) {
    return selectAll(column).stream()
        .filter(row -> SecretCipher.keyIdOf(row.ciphertext()) != keyId)
        .toList();
  }

  private List<Row> selectAll(SecretColumn column) {
    return jdbc.sql(
            "select id, "
                + column.column()
                + " from "
                + column.table()
                + " where "
                + column.column()
                + " is not null")
        .query((rs, n) -> new Row(rs.getObject(1), rs.getString(2)))
        .list();
  }

  private Map<Integer, Long> usageByKey() {
    return columns.all().stream()
        .flatMap(column -> selectAll(column).stream())
        .collect(
            Collectors.groupingBy(
                row -> SecretCipher.keyIdOf(row.ciphertext()), Collectors.counting()));
  }
}
