package org.athanor.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("LanguageNegotiation chooses the pages' language")
class LanguageNegotiationTests {
    static final BeforeHandlerServer server = new BeforeHandlerServer(new LanguageNegotiation());

    @AfterAll static void stop() {
        server.close();
    }

    @Test @DisplayName("from Accept-Language: the first of en and fr it names, region tags included")
    void fromAcceptLanguage() throws Exception {
        assertThat(server.get("/", "Accept-Language", "fr-CA,fr;q=0.9,en;q=0.8").body()).startsWith("lang=fr ");
        assertThat(server.get("/", "Accept-Language", "de-DE,en-GB;q=0.7,fr;q=0.5").body()).startsWith("lang=en ");
    }

    @Test @DisplayName("English when Accept-Language is missing, names no language of ours, or is malformed")
    void englishByDefault() throws Exception {
        assertThat(server.get("/").body()).startsWith("lang=en ");
        assertThat(server.get("/", "Accept-Language", "de, ja").body()).startsWith("lang=en ");
        assertThat(server.get("/", "Accept-Language", ";;;=q=x").body()).startsWith("lang=en ");
    }

    @Test @DisplayName("the athanor_lang cookie wins over Accept-Language; a cookie naming another language is ignored")
    void cookieWins() throws Exception {
        assertThat(server.get("/", "Accept-Language", "en", "Cookie", "athanor_lang=fr").body()).startsWith("lang=fr ");
        assertThat(server.get("/", "Accept-Language", "fr", "Cookie", "athanor_lang=xx").body()).startsWith("lang=fr ");
    }
}
