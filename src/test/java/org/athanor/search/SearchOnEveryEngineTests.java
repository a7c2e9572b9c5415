package org.athanor.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.athanor.search.SearchFixture.rec;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.athanor.core.Progress;
import org.athanor.ids.RecordId;
import org.athanor.db.Engine;
import org.athanor.testing.TestDatabases;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("populate, rights and reindex read the databox on every engine")
class SearchOnEveryEngineTests {
    static List<Engine> engines() {
        return TestDatabases.enabled();
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("engines")
    void populateSearchReindex(Engine engine, @TempDir Path dir) {
        try (SearchFixture f = new SearchFixture(engine, dir)) {
            RecordId a = f.add(f.photos, rec().field("Headline", "Mont Blanc").field("Keywords", "montagne").field("Date", "2016/04/02")
                    .bit(SearchFixture.ONLINE).tech("CameraModel", "Nikon D800"));
            RecordId b = f.add(f.archives, rec().field("Headline", "Tour Eiffel").field("Keywords", "paris"));
            RecordId story = f.story(f.photos, "Alpes", a);
            f.user("bob", f.photos, Set.of("access"), 1L << SearchFixture.ONLINE, 1L << SearchFixture.ONLINE);
            var report = f.search().populate(Progress.NONE);
            assertThat(report.indexed()).isEqualTo(3);
            assertThat(ids(f, "Keywords:montagne AND Date>=2015 meta.CameraModel:nikon", null)).containsExactly(a.value());
            assertThat(ids(f, "", "bob")).containsExactly(a.value());
            assertThat(ids(f, "type:story", null)).containsExactly(story.value());
            f.edit(b, "Headline", "Arc de Triomphe");
            f.search().reindex(f.databox, b);
            f.search().engine().refresh();
            assertThat(ids(f, "triomphe", null)).containsExactly(b.value());
            assertThat(ids(f, "eiffel", null)).isEmpty();
        }
    }

    static List<Long> ids(SearchFixture f, String q, String login) {
        return f.search().search(q, login, Set.of(), SearchSort.parse("record_id"), 0, 100, true, true).hits().stream()
                .map(h -> h.record().value()).toList();
    }
}
