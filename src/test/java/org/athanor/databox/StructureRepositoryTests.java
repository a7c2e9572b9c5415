package org.athanor.databox;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Structure repository")
class StructureRepositoryTests {

    static List<Engine> engines() {
        List<Engine> engines = new ArrayList<>(List.of(Engine.H2));
        String listed = System.getenv().getOrDefault("ATHANOR_TEST_DATABASES", "h2").toLowerCase(Locale.ROOT);
        List<String> names = Arrays.stream(listed.split(",")).map(String::strip).toList();
        if (names.contains("postgresql")) {
            engines.add(Engine.POSTGRESQL);
        }
        if (names.contains("mariadb")) {
            engines.add(Engine.MARIADB);
        }
        return engines;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    @DisplayName("an empty databox has an empty structure")
    void emptyDatabox(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            assertThat(new StructureRepository(db.jdbi()).load()).isEqualTo(new Structure(List.of(), List.of(), List.of()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    @DisplayName("every template stored then loaded comes back equal")
    void templatesRoundTrip(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            StructureRepository repository = new StructureRepository(db.jdbi());
            for (StructureTemplate template : StructureTemplate.values()) {
                Structure structure = template.load();

                repository.replace(structure);

                assertThat(repository.load()).as(template.templateName()).isEqualTo(structure);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    @DisplayName("replace keeps the ids of fields still present, drops removed ones, adds new ones, replaces subdefs and bits")
    void replaceKeepsFieldIds(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    @DisplayName("a field renamed only in case keeps its id")
    void caseRenameKeepsId(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            StructureRepository repository = new StructureRepository(db.jdbi());
            repository.replace(new Structure(List.of(StructureField.of("keywords", 0)), List.of(), List.of()));
            Optional<Integer> id = repository.fieldId("keywords");

            repository.replace(new Structure(List.of(StructureField.of("Keywords", 0)), List.of(), List.of()));

            assertThat(repository.fieldId("Keywords")).isEqualTo(id);
            assertThat(repository.load().fields()).extracting(StructureField::name).containsExactly("Keywords");
        }
    }

    // ---

    enum Engine { H2, POSTGRESQL, MARIADB }

    /** A databox database with a unique name and the three structure tables; dropped on close. */
    record TestDatabase(Engine engine, String name, String adminUrl, String url, String user, Jdbi jdbi)
            implements AutoCloseable {

        static TestDatabase create(Engine engine) {
            String name = "athanor_structure_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            TestDatabase db = switch (engine) {
                case H2 -> new TestDatabase(engine, name, null, "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", null);
                case POSTGRESQL -> new TestDatabase(engine, name, "jdbc:postgresql://127.0.0.1:5432/postgres",
                        "jdbc:postgresql://127.0.0.1:5432/" + name, "postgres", null);
                case MARIADB -> new TestDatabase(engine, name, "jdbc:mariadb://127.0.0.1:3306/",
                        "jdbc:mariadb://127.0.0.1:3306/" + name, "root", null);
            };
            if (db.adminUrl != null) {
                try (Connection c = DriverManager.getConnection(db.adminUrl, db.user, "");
                        Statement st = c.createStatement()) {
                    st.execute("CREATE DATABASE " + name);
                } catch (SQLException e) {
                    String why = engine + " at " + db.adminUrl + " is unreachable: " + e.getMessage();
                    if ("true".equals(System.getenv("CI"))) {
                        Assertions.fail(why + " (CI=true and ATHANOR_TEST_DATABASES lists it)", e);
                    }
                    Assumptions.abort(why);
                }
            }
            Jdbi jdbi = Jdbi.create(db.url, db.user, "");
            String id = engine == Engine.MARIADB ? "INT AUTO_INCREMENT PRIMARY KEY" : "INT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
            String text = switch (engine) {
                case H2 -> "CLOB";
                case POSTGRESQL, MARIADB -> "TEXT";
            };
            String labels = "label_en VARCHAR(255), label_fr VARCHAR(255), label_de VARCHAR(255), label_nl VARCHAR(255)";
            jdbi.useHandle(h -> {
                h.execute("CREATE TABLE structure_fields (id " + id + ", name VARCHAR(64) NOT NULL UNIQUE,"
                        + " src VARCHAR(128), field_type VARCHAR(16), multi BOOLEAN, readonly BOOLEAN, required BOOLEAN,"
                        + " business BOOLEAN, indexable BOOLEAN, aggregable INT, thumbtitle VARCHAR(64),"
                        + " field_separator VARCHAR(16), tbranch VARCHAR(255), dces_element VARCHAR(32), " + labels
                        + ", position INT)");
                h.execute("CREATE TABLE structure_subdefs (id " + id + ", type_group VARCHAR(16), name VARCHAR(64),"
                        + " subdef_class VARCHAR(16), mediatype VARCHAR(16), downloadable BOOLEAN, size INT, quality INT,"
                        + " dpi INT, strip BOOLEAN, meta BOOLEAN, method VARCHAR(32), devices VARCHAR(255), options "
                        + text + ", " + labels + ", UNIQUE (type_group, name))");
                h.execute("CREATE TABLE structure_status_bits (bit INT PRIMARY KEY, label_on VARCHAR(255),"
                        + " label_off VARCHAR(255), " + labels + ", searchable BOOLEAN, printable BOOLEAN)");
            });
            return new TestDatabase(engine, name, db.adminUrl, db.url, db.user, jdbi);
        }

        @Override
        public void close() {
            if (adminUrl == null) {
                jdbi.useHandle(h -> h.execute("DROP ALL OBJECTS"));
                return;
            }
            try (Connection c = DriverManager.getConnection(adminUrl, user, "");
                    Statement st = c.createStatement()) {
                st.execute(engine == Engine.POSTGRESQL ? "DROP DATABASE " + name + " WITH (FORCE)" : "DROP DATABASE " + name);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot drop test database " + name + ": " + e.getMessage(), e);
            }
        }

        @Override
        public String toString() {
            return engine.toString();
        }
    }
}
