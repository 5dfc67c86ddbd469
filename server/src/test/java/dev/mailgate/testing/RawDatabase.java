package dev.mailgate.testing;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Every value of every column of every table, as text: what someone with a database dump sees. */
public final class RawDatabase {

  private RawDatabase() {}

  public static List<String> allValues(JdbcClient jdbc) {
    List<String> tables =
        jdbc.sql(
                "select table_name from information_schema.tables"
                    + " where lower(table_schema) = lower(current_schema)"
                    + " and table_type in ('BASE TABLE', 'TABLE')")
            .query(String.class)
            .list();
    List<String> values = new ArrayList<>();
    for (String table : tables) {
      jdbc.sql("select * from \"" + table + "\"")
          .query(
              (ResultSet row) -> {
                ResultSetMetaData meta = row.getMetaData();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                  values.add(row.getString(i));
                }
              });
    }
    return values;
  }
}
