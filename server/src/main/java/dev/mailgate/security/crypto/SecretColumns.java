package dev.mailgate.security.crypto;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Every secret column in the schema, found by its {@code _enc} suffix, so a feature that adds one
 * in a migration is rotated without registering it anywhere.
 */
@Component
public class SecretColumns {

  private final JdbcClient jdbc;

  SecretColumns(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public List<SecretColumn> all() {
    return jdbc
        .sql(
            "select lower(table_name), lower(column_name) from information_schema.columns"
                + " where lower(table_schema) = lower(current_schema)"
                + " and lower(column_name) like '%enc' order by 1, 2")
        .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)})
        .list()
        .stream()
        .filter(name -> name[1].endsWith(SecretColumn.SUFFIX))
        .map(name -> new SecretColumn(name[0], name[1]))
        .toList();
  }
}
