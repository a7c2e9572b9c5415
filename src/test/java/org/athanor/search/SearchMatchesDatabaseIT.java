package org.athanor.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.athanor.core.Progress;
import org.athanor.ids.CollId;
import org.athanor.ids.RecordId;
import org.athanor.databox.RecordStore;
import org.athanor.databox.RecordType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The acceptance queries over 10 000 records, compared with what SQL on the databox says. */
@DisplayName("10 000 records: the index finds exactly what the database holds")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchMatchesDatabaseIT {
    static final int RECORDS = 10_000;
    static final String[] WORDS = {"montagne", "mer", "forêt", "ville", "neige", "plage", "mountain", "city", "lac", "glacier"};
    static final String[] CAMERAS = {"Canon EOS 5D Mark II", "Canon EOS 5D", "Canon EOS 7D", "Nikon D800", "Sony A7"};
    SearchFixture f;
    Set<Long> photos = new HashSet<>();
    Set<Long> online = new HashSet<>();

    @BeforeAll void records(@TempDir Path dir) {
        f = new SearchFixture(dir);
        Random random = new Random(42);
        var structure = f.athanor.databoxes().structure(f.databox);
        int headline = structure.fieldId("Headline").orElseThrow();
        int keywords = structure.fieldId("Keywords").orElseThrow();
        int date = structure.fieldId("Date").orElseThrow();
        int caption = structure.fieldId("Caption").orElseThrow();
        CollId photosColl = f.athanor.registry().collection(f.photos).collId();
        CollId archivesColl = f.athanor.registry().collection(f.archives).collId();
        for (int batch = 0; batch < RECORDS / 500; batch++) {
            f.athanor.records().change(f.databox, h -> {
                for (int i = 0; i < 500; i++) {
                    boolean inPhotos = random.nextInt(3) > 0;
                    long status = random.nextBoolean() ? 1L << SearchFixture.ONLINE : 0;
                    RecordId id = h.create(new RecordStore.NewRecord(inPhotos ? photosColl : archivesColl, RecordType.IMAGE, "image/jpeg",
                            Long.toHexString(random.nextLong()), java.util.UUID.randomUUID().toString(), "img.jpg", status, false, false), null, "test");
                    if (inPhotos) photos.add(id.value());
                    if (status != 0) online.add(id.value());
                    Map<Integer, List<String>> values = new LinkedHashMap<>();
                    List<String> kw = new ArrayList<>();
                    for (int k = random.nextInt(4); k > 0; k--) kw.add(WORDS[random.nextInt(WORDS.length)]);
                    if (!kw.isEmpty()) values.put(keywords, kw);
                    values.put(headline, List.of(random.nextInt(20) == 0 ? "La tour Eiffel, Paris" : "Vue de la tour " + random.nextInt(100)));
                    values.put(date, List.of(String.format("%d/%02d/%02d", 2010 + random.nextInt(11), 1 + random.nextInt(12), 1 + random.nextInt(28))));
                    if (random.nextInt(10) == 0) values.put(caption, List.of("Photo prise depuis la tour Eiffel"));
                    h.putCaption(id, values);
                    if (random.nextInt(4) > 0) h.putTechnical(id, Map.of("CameraModel", CAMERAS[random.nextInt(CAMERAS.length)]));
                }
                return null;
            });
        }
        f.search().populate(Progress.NONE);
        f.user("restricted", f.photos, Set.of("access"), 1L << SearchFixture.ONLINE, 1L << SearchFixture.ONLINE);
    }

    @AfterAll void close() {
        f.close();
    }

    Set<Long> search(String query, String login) {
        Set<Long> ids = new TreeSet<>();
        int offset = 0;
        while (true) {
            var r = f.search().search(query, login, Set.of(), SearchSort.parse("record_id"), offset, 1000, offset == 0, false);
            r.hits().forEach(h -> ids.add(h.record().value()));
            offset += r.hits().size();
            if (r.hits().isEmpty() || offset >= r.total()) {
                assertThat(r.total()).as("total of " + query).isEqualTo(ids.size());
                return ids;
            }
        }
    }

    Set<Long> sql(String sql) {
        List<Long> rows = f.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).list());
        return new TreeSet<>(rows);
    }

    Set<Long> restricted(Set<Long> all) {
        Set<Long> out = new TreeSet<>(all);
        out.removeIf(id -> !photos.contains(id) || !online.contains(id));
        return out;
    }

    void check(String query, Set<Long> expected) {
        assertThat(expected).as("the database has records for " + query).isNotEmpty();
        assertThat(search(query, null)).as(query).isEqualTo(expected);
        assertThat(search(query, "restricted")).as(query + " as a user restricted to one collection and Online records").isEqualTo(restricted(expected));
    }

    static final String FIELD = "SELECT c.record_id FROM record_captions c JOIN structure_fields s ON s.id = c.field_id WHERE s.name = ";

    @Test void keywordsAndAPartialDate() {
        check("Keywords:montagne AND Date>=2015", sql(FIELD + "'Keywords' AND c.caption_value = 'montagne' INTERSECT "
                + FIELD + "'Date' AND c.caption_value >= '2015/01/01'"));
    }

    @Test void aPhraseExceptACollection() {
        int archives = f.athanor.registry().collection(f.archives).collId().value();
        check("\"tour eiffel\" EXCEPT collection:archives", sql("SELECT c.record_id FROM record_captions c JOIN records r ON r.record_id = c.record_id "
                + "WHERE LOWER(c.caption_value) LIKE '%tour eiffel%' AND r.coll_id <> " + archives));
    }

    @Test void aStatusFlag() {
        check("flag.Online:true", sql("SELECT record_id FROM records WHERE BITAND(status, 16) <> 0"));
    }

    @Test void aCameraModel() {
        check("meta.CameraModel:\"Canon EOS 5D\"", sql("SELECT record_id FROM technical_data WHERE name = 'CameraModel' AND tech_value LIKE 'Canon EOS 5D%'"));
    }

    @Test void facetCountsAddUpForTheRestrictedUser() {
        var r = f.search().search("", "restricted", Set.of(), SearchSort.RELEVANCE, 0, 1, true, false);
        assertThat(r.total()).isEqualTo(restricted(sql("SELECT record_id FROM records")).size());
        var collection = r.facets().stream().filter(x -> x.name().equals("collection")).findFirst().orElseThrow();
        assertThat(collection.values()).singleElement().satisfies(v -> assertThat(v.count()).isEqualTo(r.total()));
    }
}
