package org.athanor.appbox;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.ids.BaseId;
import org.athanor.ids.CollId;
import org.athanor.ids.DataboxId;
import org.athanor.db.BoxConnection;
import org.athanor.db.Engine;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** The appbox's registry of databoxes (Phraseanet's {@code sbas}) and collections ({@code bas}). */
public final class Registry {
    private final Jdbi appbox;
    private final String h2Password;

    /**
     * @param h2Password the installation's H2 password ({@code main.database.password}), with which the H2 databoxes
     *        are opened; the appbox stores no H2 password
     */
    public Registry(Jdbi appbox, String h2Password) {
        this.appbox = appbox;
        this.h2Password = java.util.Objects.requireNonNull(h2Password, "h2Password");
    }

    /** Return the registry of {@code appbox}: its H2 databoxes open with the appbox's own H2 password (one per installation). */
    public static Registry of(org.athanor.db.Box appbox) {
        return new Registry(appbox.jdbi(), appbox.engine() == Engine.H2 ? appbox.connection().password() : "");
    }

    /** Register a databox; refuse a name already used. */
    public DataboxId registerDatabox(String name, BoxConnection c) {
        return appbox.inTransaction(h -> {
            if (h.createQuery("SELECT COUNT(*) FROM databoxes WHERE LOWER(name) = LOWER(:name)").bind("name", name)
                    .mapTo(Integer.class).one() > 0)
                throw new AthanorException(ErrorCode.BAD_ARGUMENT, "A databox named '" + name + "' is already registered: choose another name (see databox:list).");
            int ord = h.createQuery("SELECT COALESCE(MAX(ord), 0) + 1 FROM databoxes").mapTo(Integer.class).one();
            int id = h.createUpdate("""
                    INSERT INTO databoxes (name, engine, host, port, db_user, db_password, dbname, h2_path, ord, created_at)
                    VALUES (:name, :engine, :host, :port, :user, :password, :dbname, :h2path, :ord, :now)""")
                    .bind("name", name).bind("engine", c.engine().name().toLowerCase())
                    .bind("host", c.host()).bind("port", c.engine() == Engine.H2 ? null : c.port())
                    .bind("user", c.user()).bind("password", c.engine() == Engine.H2 ? "" : c.password()).bind("dbname", c.dbname())
                    .bind("h2path", c.h2Path() == null ? null : c.h2Path().toString())
                    .bind("ord", ord).bind("now", Instant.now())
                    .executeAndReturnGeneratedKeys("sbas_id").mapTo(Integer.class).one();
            return new DataboxId(id);
        });
    }

    /** Remove a databox and its collections from the registry (its database is left as it is). */
    public void unregisterDatabox(DataboxId id) {
        appbox.useTransaction(h -> {
            h.createUpdate("DELETE FROM collections WHERE sbas_id = :id").bind("id", id.value()).execute();
            h.createUpdate("DELETE FROM databoxes WHERE sbas_id = :id").bind("id", id.value()).execute();
        });
    }

    /** The release records of the boxes ({@code box_releases}, appbox schema 6). */
    public BoxReleases releases() {
        return new BoxReleases(appbox);
    }

    /** Every registered databox, in display order. */
    public List<RegisteredDatabox> databoxes() {
        return appbox.withHandle(h -> h.createQuery("SELECT * FROM databoxes ORDER BY ord, sbas_id").map(this::mapDatabox).list());
    }

    /** The databox with this id, or an error that says how to list them. */
    public RegisteredDatabox databox(DataboxId id) {
        return appbox.withHandle(h -> h.createQuery("SELECT * FROM databoxes WHERE sbas_id = :id").bind("id", id.value())
                        .map(this::mapDatabox).findOne())
                .orElseThrow(() -> new AthanorException(ErrorCode.NOT_FOUND,
                        "No databox with id " + id + ". See bin/console databox:list for the ids."));
    }

    /** The databox with this name (case-insensitive), if any. */
    public Optional<RegisteredDatabox> databoxNamed(String name) {
        return appbox.withHandle(h -> h.createQuery("SELECT * FROM databoxes WHERE LOWER(name) = LOWER(:name)").bind("name", name)
                .map(this::mapDatabox).findOne());
    }

    /** Register a collection of a databox and return its new base_id. */
    public BaseId registerCollection(DataboxId databox, CollId coll) {
        return appbox.inTransaction(h -> {
            int ord = h.createQuery("SELECT COALESCE(MAX(ord), 0) + 1 FROM collections WHERE sbas_id = :sbas")
                    .bind("sbas", databox.value()).mapTo(Integer.class).one();
            int id = h.createUpdate("INSERT INTO collections (sbas_id, coll_id, active, ord) VALUES (:sbas, :coll, TRUE, :ord)")
                    .bind("sbas", databox.value()).bind("coll", coll.value()).bind("ord", ord)
                    .executeAndReturnGeneratedKeys("base_id").mapTo(Integer.class).one();
            return new BaseId(id);
        });
    }

    /** Every registered collection, by databox then display order. */
    public List<RegisteredCollection> collections() {
        return appbox.withHandle(h -> h.createQuery("SELECT * FROM collections ORDER BY sbas_id, ord, base_id")
                .map(Registry::mapCollection).list());
    }

    /** The collection with this base_id, or an error that says how to list them. */
    public RegisteredCollection collection(BaseId baseId) {
        return appbox.withHandle(h -> h.createQuery("SELECT * FROM collections WHERE base_id = :id").bind("id", baseId.value())
                        .map(Registry::mapCollection).findOne())
                .orElseThrow(() -> new AthanorException(ErrorCode.NOT_FOUND,
                        "No collection with base_id " + baseId + ". See bin/console collection:list for the base_ids."));
    }

    private RegisteredDatabox mapDatabox(ResultSet rs, StatementContext ctx) throws SQLException {
        Engine engine = Engine.valueOf(rs.getString("engine").toUpperCase());
        BoxConnection c = engine == Engine.H2
                ? BoxConnection.h2(Path.of(rs.getString("h2_path")), h2Password)
                : BoxConnection.server(engine, rs.getString("host"), rs.getInt("port"), rs.getString("db_user"),
                        rs.getString("db_password"), rs.getString("dbname"));
        return new RegisteredDatabox(new DataboxId(rs.getInt("sbas_id")), rs.getString("name"), c, rs.getInt("ord"));
    }

    private static RegisteredCollection mapCollection(ResultSet rs, StatementContext ctx) throws SQLException {
        return new RegisteredCollection(new BaseId(rs.getInt("base_id")), new DataboxId(rs.getInt("sbas_id")),
                new CollId(rs.getInt("coll_id")), rs.getBoolean("active"), rs.getInt("ord"));
    }
}
