package org.athanor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.athanor.search.SearchFixture.rec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;
import org.athanor.ids.RecordId;
import org.athanor.search.SearchFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("searchengine:* and records:search")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchCommandsTests {
    SearchFixture f;
    RecordId montagne, eiffel;

    @BeforeAll void install(@TempDir Path dir) {
        f = new SearchFixture(dir);
        montagne = f.add(f.photos, rec().field("Headline", "Mont Blanc").field("Keywords", "montagne").field("Date", "2016/04/02")
                .bit(SearchFixture.ONLINE));
        eiffel = f.add(f.archives, rec().field("Headline", "Tour Eiffel").field("Keywords", "paris").bit(SearchFixture.ONLINE));
        f.user("bob", f.photos, Set.of("access"), 0, 0);
        f.athanor.close();   // the commands open the installation themselves
    }

    @AfterAll void close() {
        f.close();
    }

    CliRun console(String... args) {
        return CliRun.console(Stream.concat(Stream.of("--config", f.installation.configFile().toString()), Stream.of(args)).toArray(String[]::new));
    }

    @Test void createPopulateStatusSearchDrop() throws Exception {
        CliRun noIndex = console("records:search", "montagne");
        assertThat(noIndex.exitCode()).isEqualTo(2);
        assertThat(noIndex.err()).contains("Create it with bin/console searchengine:index:create");

        assertThat(console("searchengine:index:create").exitCode()).isZero();
        CliRun populate = console("searchengine:index:populate");
        assertThat(populate.exitCode()).as(populate.err()).isZero();
        assertThat(populate.out()).contains("Indexing records", "2 / 2 records (100%)", "Indexed 2 record(s)", "the new index is live");

        CliRun status = console("searchengine:index:status");
        assertThat(status.exitCode()).isZero();
        assertThat(status.out()).contains("documents: 2", "databox " + f.databox.value() + ": 2");

        CliRun search = console("records:search", "Keywords:montagne AND Date>=2015");
        assertThat(search.exitCode()).as(search.err()).isZero();
        assertThat(search.out()).contains("1 record(s) found").contains("sbas_id  record_id  title       score")
                .contains(f.databox.value() + "        " + montagne.value() + "          Mont Blanc").contains("Facet Keywords: montagne (1)");

        CliRun asBob = console("records:search", "", "--user", "bob", "--format", "json");
        JsonNode json = new ObjectMapper().readTree(asBob.out());
        assertThat(json.get("total").asLong()).isEqualTo(1);
        assertThat(json.get("hits").get(0).get("record").asLong()).isEqualTo(montagne.value());

        CliRun archives = console("records:search", "--collection", "archives", "--sort", "created_on:asc", "--limit", "1");
        assertThat(archives.out()).contains("1 record(s) found").contains("Tour Eiffel");

        assertThat(console("searchengine:index:drop").exitCode()).isZero();
        assertThat(console("searchengine:index:status").exitCode()).isEqualTo(2);
    }

    @Test void queryErrorsExitWithTwoAndThePositionNeverAStackTrace() {
        CliRun parse = console("searchengine:query:parse", "Keywords:montagne AND (Date>=2015");
        assertThat(parse.exitCode()).isEqualTo(2);
        assertThat(parse.err()).isEqualTo("""
                [ERROR] Query error at position 23: '(' at position 23 is never closed. Add a ')' where it should end.
                  Keywords:montagne AND (Date>=2015
                                        ^
                """);
        assertThat(console("searchengine:index:create").exitCode()).isZero();
        try {
            CliRun unknown = console("records:search", "paris Colour:red");
            assertThat(unknown.exitCode()).isEqualTo(2);
            assertThat(unknown.err()).startsWith("[ERROR] Query error at position 7: unknown field 'Colour'. Fields: Object, ")
                    .doesNotContain("Exception").doesNotContain("\tat ");
        } finally {
            console("searchengine:index:drop");
        }
    }

    @Test void parsePrintsTheTree() {
        CliRun parse = CliRun.console("searchengine:query:parse", "\"tour eiffel\" EXCEPT collection:archives");
        assertThat(parse.exitCode()).isZero();
        assertThat(parse.out()).isEqualTo("""
                EXCEPT
                  phrase "tour eiffel"   (position 1)
                  collection contains archives   (position 22)
                """);
        assertThat(CliRun.console("searchengine:query:parse", "--format", "line", "a OU b").out()).isEqualTo("(OR <text:a> <text:b>)\n");
    }
}
