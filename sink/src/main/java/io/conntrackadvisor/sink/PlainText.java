package io.conntrackadvisor.sink;

import java.util.Locale;
import java.util.regex.Pattern;

/** Makes text from the network safe to put into files, logs and messages. */
public final class PlainText {
  /** Control, format (bidi overrides, zero-width), line/paragraph separators and lone surrogates. */
  private static final Pattern UNSAFE = Pattern.compile("[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}\\p{Cs}]+");

  private PlainText() {
  }

  /** The text with unsafe characters removed and cut to {@code maxChars} (an ellipsis marks the cut). */
  public static String strip(String text, int maxChars) {
    String s = UNSAFE.matcher(text == null ? "" : text).replaceAll(" ").strip();
    return s.length() <= maxChars ? s : s.substring(0, maxChars) + "…";
  }

  /** For log lines: printable ASCII kept, everything else as {@code \\uXXXX}, cut to 80 characters. */
  public static String forLog(String text) {
    if (text == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < text.length() && b.length() < 80; i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c < 0x7f && c != '\\') {
        b.append(c);
      } else {
        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      }
    }
    return text.length() > 80 ? b + "…" : b.toString();
  }
}
