package org.athanor.databox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.athanor.db.Box;
import org.athanor.db.BoxKind;
import org.athanor.db.SchemaMigrator;
import org.athanor.testing.EngineUnderTest;
import org.athanor.testing.OnEveryEngine;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Structure repository")
class StructureRepositoryTests {
    @OnEveryEngine
    @DisplayName("an empty databox has an empty structure")
    void emptyDatabox(EngineUnderTest on) {
        try (TestDatabase db = TestDatabase.create(on)) {
            assertThat(new StructureRepository(db.jdbi()).load()).isEqualTo(new Structure(List.of(), List.of(), List.of()));
        }
    }

    @OnEveryEngine
    @DisplayName("every template stored then loaded comes back equal")
    void templatesRoundTrip(EngineUnderTest on) {
        try (TestDatabase db = TestDatabase.create(on)) {
            StructureRepository repository = new StructureRepository(db.jdbi());
            for (StructureTemplate template : StructureTemplate.values()) {
                Structure structure = template.load();

                repository.replace(structure);

                assertThat(repository.load()).as(template.templateName()).isEqualTo(structure);
            }
        }
    }

    @OnEveryEngine
    @DisplayName("replace keeps the ids of fields still present, drops removed ones, adds new ones, replaces subdefs and bits")
    void replaceKeepsFieldIds(EngineUnderTest on) {
        try (TestDatabase db = TestDatabase.create(on)) {
            StructureRepository repository = new StructureRepository(db.jdbi());
            Structure enSimple = StructureTemplate.EN_SIMPLE.load();
            repository.replace(enSimple);
            int keywordsId = repository.fieldId("Keywords").orElseThrow();
            int objectId = repository.fieldId("Object").orElseThrow();

            List<StructureField> fields = new ArrayList<>(enSimple.fields().subList(1, enSimple.fields().size()));
            StructureField keywords = enSimple.field("Keywords").orElseThrow();
            fields.set(fields.indexOf(keywords), new StructureField("Keywords", "XMP-dc:Subject", FieldType.STRING, true,
                    false, true, false, true, 20, null, ",", null, "Subject", Map.of("en", "Keywords", "fr", "Mots-clés"),
                    keywords.position()));
            fields.add(new StructureField("Rating", "XMP-xmp:Rating", FieldType.NUMBER, false, false, false, false,
                    false, 0, null, ";", null, null, Map.of("de", "Bewertung"), 99));
            Structure changed = new Structure(fields,
                    List.of(new SubdefSpec(RecordType.IMAGE, "preview_hd", SubdefClass.PREVIEW, "image", true, 2048, 90,
                            null, null, null, null, List.of(), Map.of("icodec", "jpeg"), Map.of())),
                    List.of(new StatusBit(5, "Published", "Draft", Map.of("fr", "Publié"), true, false)));

            repository.replace(changed);

            assertThat(repository.load()).isEqualTo(changed);
            assertThat(repository.fieldId("keywords")).as("same row, looked up ignoring case").hasValue(keywordsId);
            assertThat(repository.fieldId("Object")).as("removed").isEmpty();
            assertThat(repository.fieldId("Rating")).get().isNotIn(keywordsId, objectId);
        }
    }

    @OnEveryEngine
    @DisplayName("a field renamed only in case keeps its id")
    void caseRenameKeepsId(EngineUnderTest on) {
        try (TestDatabase db = TestDatabase.create(on)) {
            StructureRepository repository = new StructureRepository(db.jdbi());
            repository.replace(new Structure(List.of(StructureField.of("keywords", 0)), List.of(), List.of()));
            Optional<Integer> id = repository.fieldId("keywords");

            repository.replace(new Structure(List.of(StructureField.of("Keywords", 0)), List.of(), List.of()));

            assertThat(repository.fieldId("Keywords")).isEqualTo(id);
            assertThat(repository.load().fields()).extracting(StructureField::name).containsExactly("Keywords");
        }
    }

    // ---

    /** A databox database on one engine, migrated with the real schema; closed (and dropped after the test). */
    record TestDatabase(Box box) implements AutoCloseable {
        static TestDatabase create(EngineUnderTest on) {
            Box box = Box.open(BoxKind.DATABOX, "structure_test", on.freshDatabase());
            SchemaMigrator.migrate(box);
            return new TestDatabase(box);
        }

        Jdbi jdbi() {
            return box.jdbi();
        }

        @Override
        public void close() {
            box.close();
        }
    }
}
