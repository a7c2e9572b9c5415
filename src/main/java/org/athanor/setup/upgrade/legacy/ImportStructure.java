package org.athanor.setup.upgrade.legacy;

import static org.athanor.setup.upgrade.legacy.LegacyTables.legacy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.core.Progress;
import org.athanor.databox.Structure;
import org.athanor.databox.StructureRepository;
import org.athanor.databox.StructureXml;
import org.athanor.db.Box;
import org.athanor.db.BoxKind;
import org.athanor.setup.upgrade.Installation;
import org.athanor.setup.upgrade.UpgradeStep;

/**
 * Step: one databox's structure and collections. Fields come from {@code metadatas_structure} with their ids (caption
 * values keep pointing at them): src, type, multi, readonly, required, business, indexable, thumbtitle, separator,
 * tbranch, Dublin Core element, vocabulary control (VocabularyControlType, e.g. {@code User}, and whether values are
 * restricted to it: RestrictToVocabularyControl), labels, order; subdef specs and status bits (with their labels) from the structure
 * XML of {@code pref}; collections with the same coll_id, their name and labels; non-empty collection logos are
 * written to {@code <data>/custom/minilogos/<base_id>}, where Phraseanet publishes them.
 */
final class ImportStructure implements UpgradeStep {
    private final int sbasId;

    ImportStructure(int sbasId) {
        this.sbasId = sbasId;
    }

    @Override public String name() {
        return "legacy388-structure-" + sbasId;
    }

    private String checkpoint() {
        return "legacy388:structure:" + sbasId;
    }

    @Override public boolean isDone(Installation installation) {
        return "done".equals(installation.checkpoints().get(checkpoint()).orElse(null));
    }

    @Override public void apply(Installation installation, Progress progress) {
        Box db = Phraseanet388Import.box(installation, BoxKind.DATABOX, sbasId);
        String dbname = installation.databox(sbasId).orElseThrow().name();
        progress.step("Importing the structure and collections of databox " + dbname);
        String xml = LegacyLayout.structureXml(db);
        Structure fromXml = StructureXml.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)),
                "the structure of Phraseanet databox " + dbname + " (pref)");
        db.jdbi().useTransaction(h -> {
            if (h.createQuery("SELECT COUNT(*) FROM records").mapTo(Long.class).one() > 0) {
                throw new AthanorException(ErrorCode.UPGRADE_FAILED, "The " + db.describe() + " already holds Athanor records while its "
                        + "structure import is not recorded as done: restore the backup made before the upgrade, then run it again.");
            }
            for (String t : List.of("structure_status_bits", "structure_subdefs", "structure_fields", "collections", "databox_info")) {
                h.execute("DELETE FROM " + t);
            }
            h.execute("""
                    INSERT INTO structure_fields (id, name, src, field_type, multi, readonly, required, business, indexable,
                        aggregable, thumbtitle, field_separator, tbranch, dces_element, vocabulary, vocabulary_restricted,
                        label_en, label_fr, label_de, label_nl, position)
                    SELECT m.id, TRIM(m.name), COALESCE(m.src, ''),
                        CASE WHEN m.type IN ('string', 'text', 'date', 'number') THEN m.type ELSE 'string' END,
                        m.multi <> 0, m.readonly <> 0, m.required <> 0, m.business <> 0, m.indexable <> 0, 0,
                        CASE WHEN m.thumbtitle IS NULL OR m.thumbtitle IN ('', '0') THEN NULL ELSE m.thumbtitle END,
                        CASE WHEN m.`separator` IS NULL OR m.`separator` = '' THEN ';' ELSE m.`separator` END,
                        NULLIF(m.tbranch, ''), NULLIF(m.dces_element, ''),
                        NULLIF(TRIM(m.VocabularyControlType), ''),
                        m.RestrictToVocabularyControl <> 0 AND NULLIF(TRIM(m.VocabularyControlType), '') IS NOT NULL,
                        NULLIF(m.label_en, ''), NULLIF(m.label_fr, ''), NULLIF(m.label_de, ''), NULLIF(m.label_nl, ''), m.sorter
                    FROM %s m""".formatted(legacy("metadatas_structure")));
            h.execute("""
                    INSERT INTO collections (coll_id, name, label_en, label_fr, label_de, label_nl, created_at)
                    SELECT c.coll_id, c.asciiname, NULLIF(c.label_en, ''), NULLIF(c.label_fr, ''), NULLIF(c.label_de, ''),
                        NULLIF(c.label_nl, ''), UTC_TIMESTAMP()
                    FROM %s c""".formatted(legacy("coll")));
            for (Map.Entry<String, String> info : Map.of("name", dbname, "imported_from", "Phraseanet 3.8.8",
                    "created_at", Instant.now().toString()).entrySet()) {
                h.createUpdate("INSERT INTO databox_info (info_key, info_value) VALUES (:k, :v)")
                        .bind("k", info.getKey()).bind("v", info.getValue()).execute();
            }
        });
        StructureRepository structure = new StructureRepository(db.jdbi());
        structure.replace(new Structure(structure.load().fields(), fromXml.subdefs(), fromXml.statusBits()));
        int logos = writeLogos(installation, db);
        installation.checkpoints().put(checkpoint(), "done");
        Structure now = structure.load();
        installation.log().line(name() + ": " + now.fields().size() + " field(s), " + now.subdefs().size() + " subdef spec(s), "
                + now.statusBits().size() + " status bit(s), " + logos + " collection logo(s) of " + db.describe());
    }

    private int writeLogos(Installation installation, Box db) {
        Map<Integer, Integer> baseIds = new java.util.HashMap<>();
        installation.appbox().jdbi().useHandle(h -> h.createQuery("SELECT coll_id, base_id FROM collections WHERE sbas_id = :s")
                .bind("s", sbasId).map((rs, ctx) -> Map.entry(rs.getInt(1), rs.getInt(2))).forEach(e -> baseIds.put(e.getKey(), e.getValue())));
        Path folder = Phraseanet388Import.dataRoot(installation).resolve("custom/minilogos");
        List<Map.Entry<Integer, byte[]>> logos = db.jdbi().withHandle(h -> h.createQuery(
                "SELECT coll_id, logo FROM " + legacy("coll") + " WHERE logo IS NOT NULL AND LENGTH(logo) > 0")
                .map((rs, ctx) -> Map.entry(rs.getInt(1), rs.getBytes(2))).list());
        int n = 0;
        for (Map.Entry<Integer, byte[]> logo : logos) {
            Integer baseId = baseIds.get(logo.getKey());
            if (baseId == null) continue;
            try {
                Files.createDirectories(folder);
                Files.write(folder.resolve(Integer.toString(baseId)), logo.getValue());
                n++;
            } catch (IOException e) {
                throw new AthanorException(ErrorCode.IO, "Cannot write the logo of collection " + baseId + " to " + folder + ": "
                        + e.getMessage() + ". Check that the data folder is writable, then run bin/setup system:upgrade again.", e);
            }
        }
        return n;
    }

    @Override public List<String> plan(Installation installation) {
        return List.of("fields (same ids, with their vocabulary control), subdef specs, status bits, collections (same coll_id) and their logos");
    }
}
