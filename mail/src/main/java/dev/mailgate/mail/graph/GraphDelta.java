package dev.mailgate.mail.graph;

import java.util.List;

/**
 * One finished delta round of a folder: the messages added since the cursor (all of them without
 * one), and the new cursor. The caller stores the messages first and only then commits {@code
 * deltaLink} as the folder's cursor: a crash in between reads the same messages again, and the
 * store keeps one copy.
 *
 * @param deltaLink Graph's {@code @odata.deltaLink}, an opaque URL to pass to the next round
 */
public record GraphDelta(List<GraphMessage> messages, String deltaLink) {

  public GraphDelta {
    messages = List.copyOf(messages);
  }
}
