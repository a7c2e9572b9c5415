package org.athanor.databox;

import org.athanor.ids.DataboxId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.appbox.RegisteredDatabox;
import org.athanor.appbox.Registry;
import org.athanor.db.Box;
import org.athanor.db.BoxConnection;
import org.athanor.db.BoxKind;
import org.athanor.db.DatabaseServer;
import org.athanor.db.SchemaCheck;
import org.athanor.db.SchemaMigrator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates databoxes and opens their databases on demand; one pool per databox, closed with this object. */
public final class Databoxes implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Databoxes.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

    private final Registry registry;
    private final Map<DataboxId, Box> open = new ConcurrentHashMap<>();
    private volatile java.util.function.Consumer<DataboxId> structureChanged = id -> { };

    public Databoxes(Registry registry) {
        this.registry = registry;
    }

    /** Check a databox name: it is also the name of its database (or H2 file). */
    public static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches())
            throw new AthanorException(ErrorCode.BAD_ARGUMENT, "databox name '" + name
                    + "': start with a letter, then up to 63 letters, digits or _ (e.g. 'db_photos'); it also names its database");
        return name;
    }

    /** Every registered databox, in display order. */
    public List<RegisteredDatabox> list() {
        return registry.databoxes();
    }

    /** The open database of a databox; its schema must be the one this program knows. */
    public Box box(DataboxId id) {
        return open.computeIfAbsent(id, key -> {
            RegisteredDatabox d = registry.databox(key);
            Box box = Box.open(BoxKind.DATABOX, d.name(), d.connection());
            try {
                SchemaCheck.requireCurrent(box);
            } catch (RuntimeException e) {
                box.close();
                throw e;
            }
            return box;
        });
    }

    /** The structure repository of a databox; a structure it replaces is announced to {@link #onStructureChanged}. */
    public StructureRepository structure(DataboxId id) {
        return new StructureRepository(box(id).jdbi(), () -> structureChanged.accept(id));
    }

    /**
     * Call {@code listener} with the databox whose structure was replaced, once the change committed: the wiring class
     * queues the reindex of its records. A failing listener does not undo the change; it is logged.
     */
    public void onStructureChanged(java.util.function.Consumer<DataboxId> listener) {
        java.util.Objects.requireNonNull(listener);
        this.structureChanged = id -> {
            try {
                listener.accept(id);
            } catch (RuntimeException e) {
                LOG.warn("the structure of databox {} changed, but queueing the reindex of its records failed: {}", id.value(), e.toString());
            }
        };
    }

    /**
     * Create a databox: its database (created when missing, refused when it already holds tables), schema, structure
     * from a template, and its entry in the appbox. On failure nothing stays behind: the database made here is dropped.
     */
    public DataboxId create(String name, StructureTemplate template, BoxConnection connection) {
        checkName(name);
        if (registry.databoxNamed(name).isPresent())
            throw new AthanorException(ErrorCode.BAD_ARGUMENT, "A databox named '" + name + "' already exists: choose another name (see databox:list).");
        boolean existed = DatabaseServer.exists(connection);
        if (existed && !DatabaseServer.isEmpty(connection))
            throw new AthanorException(ErrorCode.BAD_ARGUMENT, "The database " + connection.describe()
                    + " already holds tables: choose another databox name, or drop that database first. Nothing was changed.");
        DatabaseServer.createIfMissing(connection);
        Box box = null;
        try {
            box = Box.open(BoxKind.DATABOX, name, connection);
            SchemaMigrator.migrate(box);
            Structure structure = template.load();
            new StructureRepository(box.jdbi()).replace(structure);
            DataboxInfo info = new DataboxInfo(box.jdbi());
            info.put("name", name);
            info.put("template", template.templateName());
            info.put("created_at", Instant.now().toString());
            DataboxId id = registry.registerDatabox(name, connection);
            try {
                registry.releases().record(BoxKind.DATABOX, id.value(), org.athanor.core.Version.CURRENT,
                        SchemaMigrator.currentVersion(box).orElse(SchemaMigrator.latestVersion(BoxKind.DATABOX)));
            } catch (RuntimeException e) {
                registry.unregisterDatabox(id);
                throw e;
            }
            open.put(id, box);
            LOG.info("databox {} created (sbas_id {}) on {}", name, id, connection.describe());
            return id;
        } catch (RuntimeException e) {
            if (box != null) box.close();
            try {
                if (existed) DatabaseServer.dropTables(connection);
                else DatabaseServer.drop(connection);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    @Override public void close() {
        open.values().forEach(Box::close);
        open.clear();
    }
}
