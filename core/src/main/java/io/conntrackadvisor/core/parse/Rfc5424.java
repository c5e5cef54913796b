package io.conntrackadvisor.core.parse;

import java.time.Instant;

/** RFC 5424: {@code <PRI>VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA [MSG]}. */
final class Rfc5424 {
  private static final String NIL = "-";

  private Rfc5424() {
  }

  static ParseResult parse(LineParser.Cursor cur, Integer pri, ParseContext ctx) {
    cur.token(); // version
    String stamp = cur.token();
    String host = cur.token();
    String app = cur.token();
    cur.token(); // procid
    cur.token(); // msgid
    if (host.isEmpty() || app.isEmpty() || cur.remaining() <= 0 || !skipStructuredData(cur)) {
      return ParseResult.skip(SkipReason.UNRECOGNIZED_FORMAT);
    }
    Instant t = NIL.equals(stamp) ? ctx.now() : LineParser.parseIsoInstant(stamp, ctx);
    if (t == null) {
      return ParseResult.skip(SkipReason.BAD_TIMESTAMP);
    }
    String resolvedHost = NIL.equals(host) ? ctx.defaultHost() : host;
    if (resolvedHost == null) {
      return ParseResult.skip(SkipReason.NO_HOST);
    }
    String msg = cur.rest();
    if (msg.startsWith("\uFEFF")) {
      msg = msg.substring(1);
    }
    String identifier = NIL.equals(app) ? null : app;
    if ("kernel".equals(identifier)) {
      msg = LineParser.stripUptime(msg);
    }
    return ParseResult.of(LineParser.message(resolvedHost, t, pri, null, identifier, msg, ctx));
  }

  /** Skips {@code -} or one or more {@code [id k="v"...]} elements, honouring escapes inside quoted values. */
  private static boolean skipStructuredData(LineParser.Cursor cur) {
    String s = cur.s;
    if (cur.pos < s.length() && s.charAt(cur.pos) == '-') {
      cur.pos++;
      cur.skipSpaces();
      return true;
    }
    while (cur.pos < s.length() && s.charAt(cur.pos) == '[') {
      boolean quoted = false;
      int i = cur.pos + 1;
      for (; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '\\' && quoted) {
          i++;
        } else if (c == '"') {
          quoted = !quoted;
        } else if (c == ']' && !quoted) {
          break;
        }
      }
      if (i >= s.length()) {
        return false;
      }
      cur.pos = i + 1;
    }
    cur.skipSpaces();
    return true;
  }
}
