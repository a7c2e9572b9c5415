package org.athanor.databox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Update;

/**
 * Reads and writes the structure of one databox: tables {@code structure_fields}, {@code structure_subdefs} and
 * {@code structure_status_bits}.
 *
 * <p>Field rows keep their id while their name stays the same (ignoring case), since captions refer to fields by id;
 * subdef and status bit rows are replaced.
 */
public final class StructureRepository {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> OPTIONS = new TypeReference<>() {
    };

    private final Jdbi databox;
    private final Runnable afterReplace;

    public StructureRepository(Jdbi databox) {
        this(databox, () -> { });
    }

    /** @param afterReplace run once a {@link #replace} has committed (the search index queues a reindex of the databox) */
    public StructureRepository(Jdbi databox, Runnable afterReplace) {
        this.databox = databox;
        this.afterReplace = afterReplace;
    }

    /**
     * Replace the stored structure by {@code structure} in one transaction: update fields whose name exists, insert new
     * ones, delete the others; replace all subdefs and status bits.
     */
    public void replace(Structure structure) {
        databox.useTransaction(h -> {
            Map<String, Integer> existing = new HashMap<>();
            h.createQuery("SELECT id, name FROM structure_fields")
                    .map((rs, ctx) -> Map.entry(rs.getString("name").toLowerCase(Locale.ROOT), rs.getInt("id")))
                    .forEach(e -> existing.put(e.getKey(), e.getValue()));
            Set<Integer> kept = new HashSet<>();
            for (StructureField field : structure.fields()) {
                Integer id = existing.get(field.key());
                if (id != null) {
                    kept.add(id);
                }
            }
            for (Integer id : existing.values()) {
                if (!kept.contains(id)) {
                    h.createUpdate("DELETE FROM structure_fields WHERE id = :id").bind("id", id).execute();
                }
            }
            for (StructureField field : structure.fields()) {
                Integer id = existing.get(field.key());
                Update update = id == null
                        ? h.createUpdate("""
                                INSERT INTO structure_fields (name, src, field_type, multi, readonly, required, business,
                                  indexable, aggregable, thumbtitle, field_separator, tbranch, dces_element,
                                  label_en, label_fr, label_de, label_nl, position)
                                VALUES (:name, :src, :type, :multi, :readonly, :required, :business,
                                  :indexable, :aggregable, :thumbtitle, :separator, :tbranch, :dces,
                                  :label_en, :label_fr, :label_de, :label_nl, :position)""")
                        : h.createUpdate("""
                                UPDATE structure_fields SET name = :name, src = :src, field_type = :type, multi = :multi,
                                  readonly = :readonly, required = :required, business = :business,
                                  indexable = :indexable, aggregable = :aggregable, thumbtitle = :thumbtitle,
                                  field_separator = :separator, tbranch = :tbranch, dces_element = :dces,
                                  label_en = :label_en, label_fr = :label_fr, label_de = :label_de,
                                  label_nl = :label_nl, position = :position
                                WHERE id = :id""").bind("id", id);
                update.bind("name", field.name()).bind("src", field.src()).bind("type", field.type().code())
                        .bind("multi", field.multi()).bind("readonly", field.readonly())
                        .bind("required", field.required()).bind("business", field.business())
                        .bind("indexable", field.indexable()).bind("aggregable", field.aggregable())
                        .bind("thumbtitle", field.thumbtitle()).bind("separator", field.separator())
                        .bind("tbranch", field.tbranch()).bind("dces", field.dcesElement())
                        .bind("position", field.position());
                bindLabels(update, field.labels()).execute();
            }
            h.createUpdate("DELETE FROM structure_subdefs").execute();
            for (SubdefSpec subdef : structure.subdefs()) {
                Update insert = h.createUpdate("""
                        INSERT INTO structure_subdefs (type_group, name, subdef_class, mediatype, downloadable, size,
                          quality, dpi, strip, meta, method, devices, options, label_en, label_fr, label_de, label_nl)
                        VALUES (:group, :name, :class, :mediatype, :downloadable, :size,
                          :quality, :dpi, :strip, :meta, :method, :devices, :options,
                          :label_en, :label_fr, :label_de, :label_nl)""")
                        .bind("group", subdef.group().code()).bind("name", subdef.name())
                        .bind("class", subdef.subdefClass().code()).bind("mediatype", subdef.mediatype())
                        .bind("downloadable", subdef.downloadable()).bindByType("size", subdef.size(), Integer.class)
                        .bindByType("quality", subdef.quality(), Integer.class)
                        .bindByType("dpi", subdef.dpi(), Integer.class)
                        .bindByType("strip", subdef.strip(), Boolean.class)
                        .bindByType("meta", subdef.meta(), Boolean.class).bind("method", subdef.method())
                        .bind("devices", String.join(",", subdef.devices()))
                        .bind("options", toJson(subdef.options()));
                bindLabels(insert, subdef.labels()).execute();
            }
            h.createUpdate("DELETE FROM structure_status_bits").execute();
            for (StatusBit bit : structure.statusBits()) {
                Update insert = h.createUpdate("""
                        INSERT INTO structure_status_bits (bit, label_on, label_off, label_en, label_fr, label_de,
                          label_nl, searchable, printable)
                        VALUES (:bit, :on, :off, :label_en, :label_fr, :label_de, :label_nl, :searchable, :printable)""")
                        .bind("bit", bit.bit()).bind("on", bit.labelOn()).bind("off", bit.labelOff())
                        .bind("searchable", bit.searchable()).bind("printable", bit.printable());
                bindLabels(insert, bit.labels()).execute();
            }
        });
        afterReplace.run();
    }

    /** Read the stored structure; fields by position, subdefs in the order they were stored, bits by number. */
    public Structure load() {
        return databox.withHandle(h -> new Structure(fields(h), subdefs(h), statusBits(h)));
    }

    /** Return the id of the field with this name (ignoring case), the id captions refer to. */
    public Optional<Integer> fieldId(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return databox.withHandle(h -> h.createQuery("SELECT id FROM structure_fields WHERE LOWER(name) = LOWER(:name)")
                .bind("name", name).mapTo(Integer.class).findOne());
    }

    private static List<StructureField> fields(Handle h) {
        return h.createQuery("SELECT * FROM structure_fields ORDER BY position, id")
                .map((rs, ctx) -> new StructureField(rs.getString("name"), rs.getString("src"),
                        FieldType.parse(rs.getString("field_type")), rs.getBoolean("multi"), rs.getBoolean("readonly"),
                        rs.getBoolean("required"), rs.getBoolean("business"), rs.getBoolean("indexable"),
                        rs.getInt("aggregable"), rs.getString("thumbtitle"), rs.getString("field_separator"),
                        rs.getString("tbranch"), rs.getString("dces_element"), labels(rs), rs.getInt("position")))
                .list();
    }

    private static List<SubdefSpec> subdefs(Handle h) {
        return h.createQuery("SELECT * FROM structure_subdefs ORDER BY id")
                .map((rs, ctx) -> {
                    String devices = rs.getString("devices");
                    return new SubdefSpec(RecordType.parse(rs.getString("type_group")), rs.getString("name"),
                            SubdefClass.parse(rs.getString("subdef_class")), rs.getString("mediatype"),
                            rs.getBoolean("downloadable"), rs.getObject("size", Integer.class),
                            rs.getObject("quality", Integer.class), rs.getObject("dpi", Integer.class),
                            nullableBoolean(rs, "strip"), nullableBoolean(rs, "meta"), rs.getString("method"),
                            devices == null || devices.isBlank() ? List.of() : Arrays.asList(devices.split(",")),
                            fromJson(rs.getString("options")), labels(rs));
                })
                .list();
    }

    private static List<StatusBit> statusBits(Handle h) {
        return h.createQuery("SELECT * FROM structure_status_bits ORDER BY bit")
                .map((rs, ctx) -> new StatusBit(rs.getInt("bit"), rs.getString("label_on"), rs.getString("label_off"),
                        labels(rs), rs.getBoolean("searchable"), rs.getBoolean("printable")))
                .list();
    }

    private static Update bindLabels(Update update, Map<String, String> labels) {
        for (String lang : Labels.LANGUAGES) {
            update.bind("label_" + lang, labels.get(lang));
        }
        return update;
    }

    private static Map<String, String> labels(ResultSet rs) throws SQLException {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String lang : Labels.LANGUAGES) {
            String text = rs.getString("label_" + lang);
            if (text != null) {
                labels.put(lang, text);
            }
        }
        return labels;
    }

    private static Boolean nullableBoolean(ResultSet rs, String column) throws SQLException {
        boolean value = rs.getBoolean(column);
        return rs.wasNull() ? null : value;
    }

    private static String toJson(Map<String, String> options) {
        try {
            return JSON.writeValueAsString(options);
        } catch (JsonProcessingException e) {
            throw new AthanorException(ErrorCode.INTERNAL, "cannot write subdef options as JSON: " + e.getMessage(), e);
        }
    }

    private static Map<String, String> fromJson(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, OPTIONS);
        } catch (JsonProcessingException e) {
            throw new StructureException("structure_subdefs.options holds invalid JSON (" + e.getOriginalMessage()
                    + "); expected an object of strings such as {\"bitrate\":\"1000\"}", e);
        }
    }
}
