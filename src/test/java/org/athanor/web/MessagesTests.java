package org.athanor.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.athanor.tasks.RunState;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The texts of the web pages (messages_en.properties, messages_fr.properties)")
class MessagesTests {
    /** A text asked for by its literal key: {@code t("login.title")} in a template, {@code m.get("maintenance.title")} in code. */
    private static final Pattern LITERAL_KEY = Pattern.compile("(?:\\bt|\\bm\\.get|\\bmessages\\.get)\\(\"([a-z][a-z0-9-]*(?:\\.[a-z0-9-]+)*)\"\\)");
    /** The keys the scan cannot see: built from a word (the task-manager page's buttons) or chosen by a condition (ErrorPages). */
    private static final List<String> BUILT_KEYS = List.of("tasks.start", "tasks.stop", "tasks.pause", "tasks.resume", "tasks.delete",
            "error.not-found", "error.title");

    @Test @DisplayName("both languages have exactly the same keys, and no empty text")
    void sameKeysNoEmptyText() {
        assertThat(Messages.keys("fr")).containsExactlyInAnyOrderElementsOf(Messages.keys("en"));
        for (String lang : Messages.LANGUAGES)
            for (String key : Messages.keys(lang))
                assertThat(Messages.of(lang).get(key)).as(lang + ": " + key).isNotBlank();
    }

    @Test @DisplayName("the bundles are read as UTF-8")
    void utf8() {
        assertThat(Messages.of("fr").get("logout")).isEqualTo("Se déconnecter");
        assertThat(Messages.of("fr").get("sessions.none")).isEqualTo("Personne n’est connecté.");
    }

    @Test @DisplayName("an unknown language gives English; an unknown key gives the key")
    void fallbacks() {
        assertThat(Messages.of("de").get("login.title")).isEqualTo("Sign in");
        assertThat(Messages.of("fr").get("no.such.key")).isEqualTo("no.such.key");
    }

    @Test @DisplayName("every key the templates and web handlers ask for exists")
    void everyUsedKeyExists() throws IOException {
        Set<String> used = new TreeSet<>(BUILT_KEYS);
        for (Path root : List.of(Path.of("src/main/jte"), Path.of("src/main/java/org/athanor/web")))
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".jte") || p.toString().endsWith(".java")).toList()) {
                    Matcher m = LITERAL_KEY.matcher(Files.readString(f));
                    while (m.find()) used.add(m.group(1));
                }
            }
        assertThat(used).as("keys found in the sources").contains("login.title", "maintenance.title", "csrf.title", "tasks.state");
        assertThat(Messages.keys("en")).containsAll(used);
    }

    @Test @DisplayName("every task and scheduler state has its own text in both languages (French states were shown in English)")
    void states() {
        List<String> words = new java.util.ArrayList<>(List.of("paused", "deleted", "crashed"));
        for (RunState s : RunState.values()) words.add(s.word());
        View en = view("en");
        View fr = view("fr");
        for (String w : words) {
            assertThat(en.state(w)).as(w).isEqualTo(w);
            assertThat(fr.state(w)).as(w).isNotEqualTo(w).isNotBlank();
        }
        assertThat(fr.state("to stop")).isEqualTo("arrêt demandé");
        assertThat(fr.state("")).isEmpty();
        assertThat(fr.state("unheard of")).as("an unknown word is shown as it is").isEqualTo("unheard of");
    }

    private static View view(String lang) {
        return new View(lang, Messages.of(lang), "Athanor", "", null, false, "", "/");
    }
}
