package io.conntrackadvisor.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SortedMapsTest {

  @Test
  void shouldCopyAnyMapIntoTheSameSortedMapWhateverOrderItsEntriesComeIn() {
    Random rnd = new Random(5);
    for (int i = 0; i < 5000; i++) {
      List<String> keys = new ArrayList<>();
      for (int k = rnd.nextInt(50); k > 0; k--) {
        keys.add((rnd.nextBoolean() ? "net.netfilter.nf_conntrack_" : "") + "k" + rnd.nextInt(100)
            + (rnd.nextInt(5) == 0 ? "é☃" : ""));
      }
      switch (rnd.nextInt(3)) {
        case 0 -> Collections.sort(keys);
        case 1 -> keys.sort(Comparator.reverseOrder());
        default -> Collections.shuffle(keys, rnd);
      }
      Map<String, Long> source = switch (rnd.nextInt(4)) {
        case 0 -> new LinkedHashMap<>();
        case 1 -> new HashMap<>();
        case 2 -> new TreeMap<>();
        default -> new TreeMap<>(Comparator.reverseOrder());
      };
      keys.forEach(k -> source.put(k, rnd.nextLong()));
      Map<String, Long> before = new HashMap<>(source);

      SortedMap<String, Long> copy = SortedMaps.copyOf(source);

      assertThat(copy).isEqualTo(new TreeMap<>(source)).isEqualTo(before);
      assertThat(copy.keySet()).containsExactlyElementsOf(new TreeMap<>(source).keySet());
      assertThat(copy.comparator()).isNull();
      if (!copy.isEmpty()) {
        assertThat(copy.firstKey()).isEqualTo(new TreeMap<>(source).firstKey());
        assertThat(copy.headMap(copy.lastKey())).hasSize(copy.size() - 1);
      }
      assertThatThrownBy(() -> copy.put("x", 1L)).isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Test
  void shouldAnswerAsASortedMapWhileTheTreeIsBuiltFromIt() {
    Map<String, Long> sorted = new LinkedHashMap<>();
    sorted.put("a", 1L);
    sorted.put("b", 2L);
    sorted.put("c", 3L);
    SortedMap<String, Long> view = new SortedMaps.InKeyOrder<>(sorted);

    assertThat(view.firstKey()).isEqualTo("a");
    assertThat(view.lastKey()).isEqualTo("c");
    assertThat(view.headMap("b")).containsOnlyKeys("a");
    assertThat(view.tailMap("b")).containsOnlyKeys("b", "c");
    assertThat(view.subMap("b", "c")).containsOnlyKeys("b");
    assertThat(view.comparator()).isNull();
  }

  @Test
  void shouldRefuseNullKeysAndValuesLikeMapCopyOf() {
    Map<String, Long> nullValue = new LinkedHashMap<>();
    nullValue.put("a", 1L);
    nullValue.put("b", null);
    Map<String, Long> nullKey = new HashMap<>();
    nullKey.put(null, 1L);

    assertThatThrownBy(() -> SortedMaps.copyOf(nullValue)).isInstanceOf(NullPointerException.class)
        .hasMessage("value");
    assertThatThrownBy(() -> SortedMaps.copyOf(nullKey)).isInstanceOf(NullPointerException.class)
        .hasMessage("key");
  }
}
