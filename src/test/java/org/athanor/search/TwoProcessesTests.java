package org.athanor.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.appbox.Rights.StatusMask;
import org.athanor.ids.BaseId;
import org.athanor.ids.DataboxId;
import org.athanor.databox.FieldType;
import org.athanor.ids.RecordId;
import org.athanor.databox.Structure;
import org.athanor.databox.StructureField;
import org.athanor.search.lucene.LuceneSearchEngine;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two engines on one index folder behave as two processes do (each its own writer, directory and readers): the
 * scheduler writes, the web server reads.
 */
@DisplayName("one index, two processes: one writes, the other reads")
class TwoProcessesTests {
    static final DataboxId DB = new DataboxId(1);
    static final BaseId BASE = new BaseId(1);
    static final SearchCatalog CATALOG = new SearchCatalog(List.of(new SearchCatalog.Databox(DB, "photos",
            new Structure(List.of(StructureField.of("Headline", 0)), List.of(), List.of()), Map.of(BASE, "photos"))));
    static final SearchScope ALL = new SearchScope(Map.of(BASE, new StatusMask(0, 0)), Set.of(BASE));

    static IndexedRecord record(long id, String headline) {
        return new IndexedRecord(DB, new RecordId(id), BASE, "image", "image/jpeg", false, List.of(), null, null, "f.jpg", 0,
                Instant.now(), Instant.now(), List.of(new IndexedRecord.Field("Headline", FieldType.STRING, false, 0, List.of(headline))), Map.of(), headline);
    }

    static long count(SearchEngine engine, String q) {
        return engine.search(SearchRequest.of(q, ALL, Set.of(), SearchSort.RELEVANCE, 0, 1, false, false), CATALOG).total();
    }

    static long millisUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long start = System.nanoTime();
        while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5)) {
            if (condition.getAsBoolean()) return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            Thread.sleep(10);
        }
        return -1;
    }

    @Test void theReaderSeesTheWritersChangesWithinTwoSecondsAndCannotWriteMeanwhile(@TempDir Path dir) throws Exception {
        try (LuceneSearchEngine scheduler = new LuceneSearchEngine(dir); LuceneSearchEngine server = new LuceneSearchEngine(dir)) {
            scheduler.create();
            assertThat(count(server, "")).isZero();
            scheduler.index(record(1, "premier"));
            assertThat(millisUntil(() -> count(server, "premier") == 1)).as("ms until the other process sees it").isBetween(0L, 2000L);
            scheduler.delete(DB, new RecordId(1));
            assertThat(millisUntil(() -> count(server, "premier") == 0)).isBetween(0L, 2000L);
            assertThatThrownBy(() -> server.index(record(2, "second"))).isInstanceOfSatisfying(AthanorException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
        }
    }

    @Test void aBuildPublishedByOneProcessIsSwappedInByTheOther(@TempDir Path dir) throws Exception {
        try (LuceneSearchEngine populate = new LuceneSearchEngine(dir); LuceneSearchEngine server = new LuceneSearchEngine(dir)) {
            populate.create();
            populate.index(record(1, "ancien"));
            populate.refresh();
            assertThat(millisUntil(() -> count(server, "ancien") == 1)).isBetween(0L, 2000L);
            try (IndexBuild build = populate.beginBuild()) {
                build.add(record(2, "nouveau"));
                build.checkpoint(DB, 2);
                assertThat(count(server, "nouveau")).isZero();
                build.publish();
            }
            assertThat(millisUntil(() -> count(server, "nouveau") == 1 && count(server, "ancien") == 0)).isBetween(0L, 2000L);
        }
    }
}
