package dev.mailgate.inbound;

import java.util.List;
import java.util.function.Function;

/**
 * What a transport listed past its cursor, oldest first, and the cursors the pass saves as the
 * items are done (stored, given their action).
 *
 * @param items the messages past the cursor, oldest first
 * @param cursorAfter the cursor once this item and every one before it are done, or null where the
 *     transport's cursor only moves at the end of the listing (Graph's delta link)
 * @param end the cursor to save once every item is done, or null when there is none to save (the
 *     last {@code cursorAfter} already says it, or the transport keeps no cursor, as POP3)
 * @param <C> the transport's cursor
 */
record NewItems<C>(List<InboundItem> items, Function<InboundItem, C> cursorAfter, C end) {

  NewItems {
    items = List.copyOf(items);
  }

  /** A listing whose cursor moves only once every item is done. */
  static <C> NewItems<C> atTheEnd(List<InboundItem> items, C end) {
    return new NewItems<>(items, item -> null, end);
  }
}
