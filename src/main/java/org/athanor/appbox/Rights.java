package org.athanor.appbox;

import org.athanor.databox.BaseId;
import org.athanor.databox.DataboxId;
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
}
