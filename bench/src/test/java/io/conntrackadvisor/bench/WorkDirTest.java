package io.conntrackadvisor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkDirTest {
  @TempDir
  Path base;

  @Test
  void shouldDeleteATemporaryFolderWithEverythingInItButNotWhatALinkPointsTo() throws Exception {
    Path outside = Files.writeString(base.resolve("outside.txt"), "keep");
    Path made;
    try (WorkDir work = WorkDir.of(null, "cta-workdir-test-")) {
      made = work.path();
      Path nested = Files.createDirectories(made.resolve("broker/kernel-messages-0"));
      Files.writeString(nested.resolve("00000000000000000000.log"), "x".repeat(4096));
      Files.createSymbolicLink(made.resolve("dangling"), Path.of("net:[4026531833]"));
      Files.createSymbolicLink(made.resolve("link"), outside);
    }
    assertThat(made).doesNotExist();
    assertThat(outside).hasContent("keep");
  }

  @Test
  void shouldKeepTheFolderTheUserNamed() throws Exception {
    Path given = base.resolve("bench");
    try (WorkDir work = WorkDir.of(given, "unused-")) {
      Files.writeString(work.path().resolve("broker.log"), "started");
    }
    assertThat(given.resolve("broker.log")).hasContent("started");
  }
}
