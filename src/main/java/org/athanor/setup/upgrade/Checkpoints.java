package org.athanor.setup.upgrade;

import java.time.Instant;
import java.util.Optional;
import org.athanor.db.Box;

/**
 * Named checkpoints of the upgrade kept in the appbox table {@code upgrade_checkpoints}: a data migration stores the
 * last key it finished after each batch, in the same place the next run reads it from.
 */
public final class Checkpoints {
    private final Box appbox;

    Checkpoints(Box appbox) {
        this.appbox = appbox;
    }

    /** Return the checkpoint named {@code name}, if any. */
    public Optional<String> get(String name) {
        if (!UpgradeTables.exist(appbox)) return Optional.empty();      // no upgrade ever started here
        return appbox.jdbi().withHandle(h -> h.createQuery("SELECT checkpoint_value FROM upgrade_checkpoints WHERE name = :n")
                .bind("n", name).mapTo(String.class).findOne());
    }

    /** Store {@code value} under {@code name}, replacing what was there. */
    public void put(String name, String value) {
        appbox.jdbi().useTransaction(h -> {
            int n = h.createUpdate("UPDATE upgrade_checkpoints SET checkpoint_value = :v, updated_at = :t WHERE name = :n")
                    .bind("n", name).bind("v", value).bind("t", Instant.now()).execute();
            if (n == 0) {
                h.createUpdate("INSERT INTO upgrade_checkpoints (name, checkpoint_value, updated_at) VALUES (:n, :v, :t)")
                        .bind("n", name).bind("v", value).bind("t", Instant.now()).execute();
            }
        });
    }

    /** Remove every checkpoint whose name starts with {@code prefix} (a finished upgrade clears its own). */
    public void clear(String prefix) {
        appbox.jdbi().useHandle(h -> h.createUpdate("DELETE FROM upgrade_checkpoints WHERE name LIKE :p")
                .bind("p", prefix.replace("%", "\\%").replace("_", "\\_") + "%").execute());
    }
}
