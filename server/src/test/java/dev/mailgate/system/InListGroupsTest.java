package dev.mailgate.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class InListGroupsTest {

  @Test
  void valuesAreCutInOrderIntoGroupsOfAtMostAThousand() {
    List<Integer> values = IntStream.range(0, 2_001).boxed().toList();

    List<List<Integer>> groups = InListGroups.of(values);

    assertThat(groups).extracting(List::size).containsExactly(1_000, 1_000, 1);
    assertThat(groups.stream().flatMap(List::stream).toList()).isEqualTo(values);
    assertThat(InListGroups.of(List.of())).isEmpty();
  }
}
