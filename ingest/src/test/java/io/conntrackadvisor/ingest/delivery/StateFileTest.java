package io.conntrackadvisor.ingest.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateFileTest {
  @TempDir
  Path dir;

  @Test
  void shouldReplaceTheMirrorAtomicallyAndReadItBack() throws Exception {
    try (StateFile state = StateFile.open(dir.resolve("state"))) {
      state.write(Map.of("journald", Checkpoint.journal("journald", "c1", Instant.EPOCH).withSeq(1)));
      state.write(Map.of("journald", Checkpoint.journal("journald", "c2", Instant.EPOCH).withSeq(2)));

      assertThat(state.read().get("journald").cursor()).isEqualTo("c2");
      try (var files = Files.list(dir.resolve("state"))) {
        assertThat(files.map(p -> p.getFileName().toString()))
            .containsExactlyInAnyOrder(StateFile.CHECKPOINTS, StateFile.LOCK);
      }
    }
  }

  @Test
  void shouldKeepASecondAgentOutOfALockedStateFolder() throws Exception {
    StateFile first = StateFile.open(dir);
    try {
      assertThatThrownBy(() -> StateFile.open(dir)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("another ship agent");
    } finally {
      first.close();
    }
    StateFile.open(dir).close();
  }

  @Test
  void shouldIgnoreAnUnreadableMirrorBecauseKafkaIsAuthoritative() throws Exception {
    Files.writeString(dir.resolve(StateFile.CHECKPOINTS), "{not json");
    try (StateFile state = StateFile.open(dir)) {
      assertThat(state.read()).isEmpty();
    }
  }
}
