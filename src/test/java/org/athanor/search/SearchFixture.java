package org.athanor.search;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.athanor.Athanor;
import org.athanor.appbox.Rights;
import org.athanor.appbox.User;
import org.athanor.appbox.UserService;
import org.athanor.ids.BaseId;
import org.athanor.ids.CollId;
import org.athanor.ids.DataboxId;
import org.athanor.databox.FieldType;
import org.athanor.ids.RecordId;
import org.athanor.databox.RecordStore;
import org.athanor.databox.RecordType;
import org.athanor.databox.StatusBit;
import org.athanor.databox.Structure;
import org.athanor.databox.StructureField;
import org.athanor.db.Engine;
import org.athanor.testing.TestInstallation;
import org.jdbi.v3.core.Jdbi;

/**
 * A real installation (H2) whose databox has the en-simple fields plus a business field ({@code Internal}), a number
 * field ({@code Pages}), {@code Keywords} as a facet, and two status bits ({@code Online} 4, {@code Validé} 5); two
 * collections ({@code photos}, the installer's, and {@code archives}); records written through {@link RecordStore}.
 */
public final class SearchFixture implements AutoCloseable {
    public static final int ONLINE = 4;
    public static final int VALIDATED = 5;

    public final TestInstallation installation;
    public final Athanor athanor;
    public final DataboxId databox;
    public final BaseId photos;
    public final BaseId archives;
    public final RecordStore store;

    public SearchFixture(Path dir) {
        this(Engine.H2, dir);
    }

    public SearchFixture(Engine engine, Path dir) {
        installation = TestInstallation.install(engine, dir);
        athanor = installation.open();
        databox = installation.result().databox();
        photos = installation.result().collection();
        var structure = athanor.databoxes().structure(databox);
        Structure base = structure.load();
        List<StructureField> fields = new ArrayList<>();
        int position = 0;
        for (StructureField f : base.fields()) {
            position = Math.max(position, f.position());
            int aggregable = f.name().equals("Keywords") ? -1 : f.aggregable();
            fields.add(new StructureField(f.name(), f.src(), f.type(), f.multi(), f.readonly(), f.required(), f.business(), f.indexable(),
                    aggregable, f.thumbtitle(), f.separator(), f.tbranch(), f.dcesElement(), f.labels(), f.position()));
        }
        fields.add(new StructureField("Internal", "", FieldType.STRING, false, false, false, true, true, 0, null, ";", null, null, Map.of(), ++position));
        fields.add(new StructureField("Pages", "", FieldType.NUMBER, false, false, false, false, true, 0, null, ";", null, null, Map.of(), ++position));
        List<StatusBit> bits = List.of(new StatusBit(ONLINE, "Online", "Offline", Map.of(), true, true),
                new StatusBit(VALIDATED, "Validé", "", Map.of(), true, true));
        structure.replace(new Structure(fields, base.subdefs(), bits));
        archives = athanor.collections().create(databox, "archives");
        store = new RecordStore(databox, jdbi());
    }

    Jdbi jdbi() {
        return athanor.databoxes().box(databox).jdbi();
    }

    public SearchService search() {
        return athanor.search();
    }

    /** A record to add: caption by field name, technical data, status bits set. */
    public static final class Rec {
        final Map<String, List<String>> caption = new LinkedHashMap<>();
        final Map<String, String> tech = new LinkedHashMap<>();
        long status;
        String name = "file.jpg";
        Instant created = Instant.now();

        public Rec field(String field, String... values) {
            caption.put(field, List.of(values));
            return this;
        }

        public Rec tech(String key, String value) {
            tech.put(key, value);
            return this;
        }

        public Rec bit(int bit) {
            status |= 1L << bit;
            return this;
        }

        public Rec name(String n) {
            name = n;
            return this;
        }

        public Rec created(String instant) {
            created = Instant.parse(instant);
            return this;
        }
    }

    public static Rec rec() {
        return new Rec();
    }

    /** Write a record in a collection through the records service, as an ingest does; return its id. */
    public RecordId add(BaseId collection, Rec r) {
        CollId coll = athanor.registry().collection(collection).collId();
        var structure = athanor.databoxes().structure(databox);
        RecordId id = athanor.records().change(databox, c -> {
            RecordId created = c.create(new RecordStore.NewRecord(coll, RecordType.IMAGE, "image/jpeg",
                    sha(), UUID.randomUUID().toString(), r.name, r.status, false, false), null, "search fixture");
            Map<Integer, List<String>> values = new LinkedHashMap<>();
            r.caption.forEach((field, v) -> values.put(structure.fieldId(field).orElseThrow(), v));
            c.putCaption(created, values);
            c.putTechnical(created, r.tech);
            return created;
        });
        // the fixture's own creation date (the service stamps its clock's): set before anything reads the record
        jdbi().useHandle(h -> h.createUpdate("UPDATE records SET created_at = :at, modified_at = :at WHERE record_id = :r")
                .bind("at", r.created).bind("r", id.value()).execute());
        return id;
    }

    /** Replace the values of one field of a record through the records service, as an edit does. */
    void edit(RecordId id, String field, String... values) {
        athanor.records().editCaption(databox, id, Map.of(field, List.of(values)), null, "search fixture edit");
    }

    /** Make a story of these records. */
    RecordId story(BaseId collection, String title, RecordId... members) {
        RecordId story = add(collection, rec().field("Headline", title).name(title));
        jdbi().useTransaction(h -> {
            h.createUpdate("UPDATE records SET is_story = TRUE WHERE record_id = :r").bind("r", story.value()).execute();
            int ord = 0;
            for (RecordId m : members)
                h.createUpdate("INSERT INTO story_members (story_id, record_id, ord) VALUES (:s, :r, :o)")
                        .bind("s", story.value()).bind("r", m.value()).bind("o", ord++).execute();
        });
        return story;
    }

    void delete(RecordId id) {
        athanor.records().delete(databox, id, null, "search fixture delete");
    }

    /** A user with these rights on one collection, and a status mask there. */
    public User user(String login, BaseId collection, Set<String> flags, long maskAnd, long maskXor) {
        User u = athanor.users().create(new UserService.NewUser(login, null, TestInstallation.ADMIN_PASSWORD, false, "en"));
        athanor.rights().set(u.id(), collection, flags);
        athanor.rights().setStatusMask(u.id(), collection, new Rights.StatusMask(maskAnd, maskXor));
        return u;
    }

    private static String sha() {
        return (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
    }

    @Override public void close() {
        installation.close();
    }
}
