package org.athanor.core;

/**
 * Makes text that came from outside safe to write into a log line or onto a terminal.
 *
 * <p>Control characters (C0 including CR, LF and TAB, DEL, C1) would let a login or a file name forge log lines or
 * send escape sequences (colours, window titles, OSC 8 links) to the terminal that shows the log; the line and
 * paragraph separators U+2028/U+2029 and the bidirectional overrides would reorder what a reader sees. Each such
 * character is written as a visible escape instead: {@code \r}, {@code \n}, {@code \t}, else {@code \}{@code u001b}.
 */
public final class Text {
    private Text() {}

    /** Return {@code s} with every control character escaped, for one log line; {@code null} stays {@code "null"}. */
    public static String forLog(Object s) {
        return escape(String.valueOf(s));
    }

    /** Return {@code s} with every control character escaped, for printing on a terminal; {@code null} stays {@code "null"}. */
    public static String forTerminal(Object s) {
        return escape(String.valueOf(s));
    }

    private static String escape(String s) {
        int first = 0;
        while (first < s.length() && !needsEscape(s.charAt(first))) first++;
        if (first == s.length()) return s;
        StringBuilder out = new StringBuilder(s.length() + 16).append(s, 0, first);
        for (int i = first; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!needsEscape(c)) out.append(c);
            else if (c == '\n') out.append("\\n");
            else if (c == '\r') out.append("\\r");
            else if (c == '\t') out.append("\\t");
            else out.append(String.format("\\u%04x", (int) c));
        }
        return out.toString();
    }

    private static boolean needsEscape(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029'
                || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
    }
}
