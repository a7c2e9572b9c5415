package org.athanor.appbox;

import org.athanor.ids.BaseId;
import org.athanor.ids.DataboxId;
import org.jdbi.v3.core.Jdbi;

/** Rights of users on collections ({@code basusr}) and databoxes ({@code sbasusr}), with Phraseanet's flags. */
public final class Rights {
    /** Phraseanet's collection rights, as column names of {@code collection_rights}. */
    public static final java.util.List<String> COLLECTION_FLAGS = java.util.List.of(
            "access", "canputinalbum", "candwnldhd", "candwnldpreview", "cancmd", "canadmin", "canreport", "canpush",
            "canaddrecord", "canmodifrecord", "candeleterecord", "chgstatus", "imgtools", "manage", "modify_struct",
            "nowatermark", "order_master");
    /** Phraseanet's databox rights, as column names of {@code databox_rights}. */
    public static final java.util.List<String> DATABOX_FLAGS = java.util.List.of(
            "bas_manage", "bas_modify_struct", "bas_modif_th", "bas_chupub");

    private final Jdbi appbox;

    public Rights(Jdbi appbox) {
        this.appbox = appbox;
    }

    /** Give a user every right on a collection (as Phraseanet does for the installer's admin). */
    public void grantAll(UserId user, BaseId collection) {
        appbox.useTransaction(h -> {
            h.createUpdate("DELETE FROM collection_rights WHERE user_id = :u AND base_id = :b")
                    .bind("u", user.value()).bind("b", collection.value()).execute();
            String cols = String.join(", ", COLLECTION_FLAGS);
            String trues = String.join(", ", java.util.Collections.nCopies(COLLECTION_FLAGS.size(), "TRUE"));
            h.createUpdate("INSERT INTO collection_rights (user_id, base_id, " + cols + ", mask_and, mask_xor) VALUES (:u, :b, " + trues + ", 0, 0)")
                    .bind("u", user.value()).bind("b", collection.value()).execute();
        });
    }

    /** Give a user every right on a databox. */
    public void grantAll(UserId user, DataboxId databox) {
        appbox.useTransaction(h -> {
            h.createUpdate("DELETE FROM databox_rights WHERE user_id = :u AND sbas_id = :s")
                    .bind("u", user.value()).bind("s", databox.value()).execute();
            h.createUpdate("INSERT INTO databox_rights (user_id, sbas_id, " + String.join(", ", DATABOX_FLAGS)
                            + ") VALUES (:u, :s, TRUE, TRUE, TRUE, TRUE)")
                    .bind("u", user.value()).bind("s", databox.value()).execute();
        });
    }

    /** Return true when the user has the flag on the collection. */
    public boolean has(UserId user, BaseId collection, String flag) {
        if (!COLLECTION_FLAGS.contains(flag)) throw new IllegalArgumentException("unknown collection right " + flag);
        return appbox.withHandle(h -> h.createQuery("SELECT " + flag + " FROM collection_rights WHERE user_id = :u AND base_id = :b")
                .bind("u", user.value()).bind("b", collection.value()).mapTo(Boolean.class).findOne().orElse(false));
    }

    /** The rights of one user on one collection: the flags set to true. */
    public record CollectionGrant(BaseId collection, java.util.Set<String> flags) {}

    /** The rights of one user on one databox: the flags set to true. */
    public record DataboxGrant(DataboxId databox, java.util.Set<String> flags) {}

    /**
     * Set exactly {@code flags} for a user on a collection (the others become false); an empty set removes the row.
     *
     * @throws org.athanor.core.AthanorException {@link org.athanor.core.ErrorCode#BAD_ARGUMENT} for a flag that is not a collection right
     */
    public void set(UserId user, BaseId collection, java.util.Set<String> flags) {
        check(flags, COLLECTION_FLAGS, "collection");
        appbox.useTransaction(h -> {
            h.createUpdate("DELETE FROM collection_rights WHERE user_id = :u AND base_id = :b")
                    .bind("u", user.value()).bind("b", collection.value()).execute();
            if (flags.isEmpty()) return;
            String cols = String.join(", ", COLLECTION_FLAGS);
            String values = String.join(", ", COLLECTION_FLAGS.stream().map(f -> flags.contains(f) ? "TRUE" : "FALSE").toList());
            h.createUpdate("INSERT INTO collection_rights (user_id, base_id, " + cols + ", mask_and, mask_xor) VALUES (:u, :b, " + values + ", 0, 0)")
                    .bind("u", user.value()).bind("b", collection.value()).execute();
        });
    }

    /** Set exactly {@code flags} for a user on a databox; an empty set removes the row. */
    public void set(UserId user, DataboxId databox, java.util.Set<String> flags) {
        check(flags, DATABOX_FLAGS, "databox");
        appbox.useTransaction(h -> {
            h.createUpdate("DELETE FROM databox_rights WHERE user_id = :u AND sbas_id = :s")
                    .bind("u", user.value()).bind("s", databox.value()).execute();
            if (flags.isEmpty()) return;
            String values = String.join(", ", DATABOX_FLAGS.stream().map(f -> flags.contains(f) ? "TRUE" : "FALSE").toList());
            h.createUpdate("INSERT INTO databox_rights (user_id, sbas_id, " + String.join(", ", DATABOX_FLAGS) + ") VALUES (:u, :s, " + values + ")")
                    .bind("u", user.value()).bind("s", databox.value()).execute();
        });
    }

    /** The collection rights of a user, by base_id. */
    public java.util.List<CollectionGrant> collectionRights(UserId user) {
        return appbox.withHandle(h -> h.createQuery("SELECT base_id, " + String.join(", ", COLLECTION_FLAGS)
                        + " FROM collection_rights WHERE user_id = :u ORDER BY base_id").bind("u", user.value())
                .map((rs, ctx) -> {
                    java.util.Set<String> on = new java.util.LinkedHashSet<>();
                    for (String f : COLLECTION_FLAGS) if (rs.getBoolean(f)) on.add(f);
                    return new CollectionGrant(new BaseId(rs.getInt("base_id")), on);
                }).list());
    }

    /** The databox rights of a user, by sbas_id. */
    public java.util.List<DataboxGrant> databoxRights(UserId user) {
        return appbox.withHandle(h -> h.createQuery("SELECT sbas_id, " + String.join(", ", DATABOX_FLAGS)
                        + " FROM databox_rights WHERE user_id = :u ORDER BY sbas_id").bind("u", user.value())
                .map((rs, ctx) -> {
                    java.util.Set<String> on = new java.util.LinkedHashSet<>();
                    for (String f : DATABOX_FLAGS) if (rs.getBoolean(f)) on.add(f);
                    return new DataboxGrant(new DataboxId(rs.getInt("sbas_id")), on);
                }).list());
    }

    /**
     * The status-bit masks of a user on a collection, as Phraseanet applies them: the user sees a record of the
     * collection only when {@code ((status ^ xor) & and) == 0}, i.e. every bit set in {@code and} must equal that bit
     * of {@code xor}. Zero masks hide nothing.
     */
    public record StatusMask(long and, long xor) {
        /** Return true when a record with this status is visible through the mask. */
        public boolean shows(long status) {
            return ((status ^ xor) & and) == 0;
        }
    }

    /** The status masks of a user, by base_id of every collection the user has a row for. */
    public java.util.Map<BaseId, StatusMask> statusMasks(UserId user) {
        java.util.Map<BaseId, StatusMask> masks = new java.util.LinkedHashMap<>();
        appbox.useHandle(h -> h.createQuery("SELECT base_id, mask_and, mask_xor FROM collection_rights WHERE user_id = :u ORDER BY base_id")
                .bind("u", user.value())
                .map((rs, ctx) -> java.util.Map.entry(new BaseId(rs.getInt(1)), new StatusMask(rs.getLong(2), rs.getLong(3))))
                .forEach(e -> masks.put(e.getKey(), e.getValue())));
        return masks;
    }

    /** Set the status masks of a user on a collection the user has rights on; refuse when the user has none there. */
    public void setStatusMask(UserId user, BaseId collection, StatusMask mask) {
        int rows = appbox.withHandle(h -> h.createUpdate("UPDATE collection_rights SET mask_and = :a, mask_xor = :x WHERE user_id = :u AND base_id = :b")
                .bind("a", mask.and()).bind("x", mask.xor()).bind("u", user.value()).bind("b", collection.value()).execute());
        if (rows == 0) throw new org.athanor.core.AthanorException(org.athanor.core.ErrorCode.NOT_FOUND, "user " + user.value()
                + " has no rights on collection " + collection + ": grant some first (user:grant), then set the masks.");
    }

    private static void check(java.util.Set<String> flags, java.util.List<String> known, String what) {
        for (String f : flags)
            if (!known.contains(f)) throw new org.athanor.core.AthanorException(org.athanor.core.ErrorCode.BAD_ARGUMENT,
                    "'" + f + "' is not a " + what + " right: use some of " + String.join(", ", known));
    }
}
