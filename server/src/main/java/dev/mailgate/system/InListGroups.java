package dev.mailgate.system;

import java.util.ArrayList;
import java.util.List;

/**
 * Values for an SQL {@code in (:values)} list, cut into groups of at most {@value #SIZE}: each
 * value is one bind parameter, PostgreSQL takes at most 65,535 in a statement, and a list can be
 * longer (a POP3 mailbox's UIDLs, a node's leases). One statement per group.
 */
public final class InListGroups {

  static final int SIZE = 1_000;

  private InListGroups() {}

  /** The values in order, in groups of at most {@value #SIZE}; none for no values. */
  public static <T> List<List<T>> of(List<T> values) {
    List<List<T>> groups = new ArrayList<>();
    for (int from = 0; from < values.size(); from += SIZE) {
      groups.add(values.subList(from, Math.min(values.size(), from + SIZE)));
    }
    return groups;
  }
}
