package io.conntrackadvisor.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyslogFrameReaderTest {

  private static List<String> frames(String stream, int max) throws IOException {
    SyslogFrameReader reader = new SyslogFrameReader(
        new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)));
    LineBuffer line = new LineBuffer(max);
    List<String> out = new ArrayList<>();
    while (reader.next(line)) {
      out.add(new String(line.bytes(), 0, line.length(), StandardCharsets.UTF_8) + (line.oversized() ? "~" : ""));
    }
    return out;
  }

  @Test
  void shouldSplitOctetCountedFramesWithoutNewlines() throws IOException {
    assertThat(frames("5 hello11 <4>kern: hi", 100)).containsExactly("hello", "<4>kern: hi");
  }

  @Test
  void shouldSplitNewlineFramesAndIgnoreBlankSeparators() throws IOException {
    assertThat(frames("<4>Mar  2 08:14:56 h kernel: a\r\n\n<4>Mar  2 08:14:57 h kernel: b\n", 100))
        .containsExactly("<4>Mar  2 08:14:56 h kernel: a\r", "<4>Mar  2 08:14:57 h kernel: b");
  }

  @Test
  void shouldTreatDigitsWithoutASpaceAsTheStartOfANewlineFrame() throws IOException {
    assertThat(frames("2026-03-02T08:14:55Z h kernel: x\n3 abc", 100))
        .containsExactly("2026-03-02T08:14:55Z h kernel: x", "abc");
  }

  @Test
  void shouldKeepOnlyTheBoundOfAnOversizedFrameAndFindTheNextFrame() throws IOException {
    assertThat(frames("12 abcdefghijkl3 xyz", 4)).containsExactly("abcde~", "xyz");
    assertThat(frames("abcdefghijkl\nxyz\n", 4)).containsExactly("abcde~", "xyz");
  }

  @Test
  void shouldShipAFrameCutShortByTheEndOfTheStream() throws IOException {
    assertThat(frames("10 abc", 100)).containsExactly("abc");
  }
}
