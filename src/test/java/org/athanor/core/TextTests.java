package org.athanor.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Text escapes what it writes into logs and terminals")
class TextTests {
    @Test @DisplayName("CR, LF, TAB, ESC, BEL, DEL, C1 and bidi overrides become visible escapes")
    void controlCharactersAreEscaped() {
        String attack = "bob\r\n2026-11-28 INFO forged\u001b]8;;http://evil/\u0007x\u001b[31m\t\u007f\u009b\u202e";
        assertThat(Text.forLog(attack)).isEqualTo(
                "bob\\r\\n2026-11-28 INFO forged\\u001b]8;;http://evil/\\u0007x\\u001b[31m\\t\\u007f\\u009b\\u202e");
        assertThat(Text.forTerminal(attack)).isEqualTo(Text.forLog(attack));
    }

    @Test @DisplayName("ordinary text, accents and emoji are kept as they are")
    void ordinaryTextIsKept() {
        assertThat(Text.forLog("Émile 日本 😀 a\\b")).isEqualTo("Émile 日本 😀 a\\b");
        assertThat(Text.forLog(null)).isEqualTo("null");
    }
}
