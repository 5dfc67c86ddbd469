package dev.mailgate.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.mail.inbound.ImapMailbox.Listed;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How listed messages are cut into chunks: by count, by bytes, a large message alone. */
class FetchChunksTest {

  private final FetchChunks chunks = new FetchChunks(3, 10_000);

  @Test
  void aChunkHoldsAtMostTheGivenNumberOfMessagesInUidOrder() {
    List<Listed> listed = List.of(m(1, 10), m(2, 10), m(3, 10), m(4, 10), m(5, 10));

    assertThat(chunks.of(listed)).containsExactly(listed.subList(0, 3), listed.subList(3, 5));
  }

  @Test
  void aChunkHoldsAtMostTheGivenBytesAndALargerMessageIsAChunkOfItsOwn() {
    List<Listed> listed = List.of(m(1, 6_000), m(2, 6_000), m(3, 50_000), m(4, 4_000));

    List<List<Listed>> cut = chunks.of(listed);

    assertThat(cut)
        .containsExactly(
            List.of(m(1, 6_000)),
            List.of(m(2, 6_000)),
            List.of(m(3, 50_000)),
            List.of(m(4, 4_000)));
    assertThat(chunks.alone(m(3, 50_000))).isTrue();
    assertThat(chunks.alone(m(4, 4_000))).isFalse();
  }

  @Test
  void nothingListedIsNoChunk() {
    assertThat(chunks.of(List.of())).isEmpty();
  }

  private static Listed m(long uid, long size) {
    return new Listed(uid, size);
  }
}
