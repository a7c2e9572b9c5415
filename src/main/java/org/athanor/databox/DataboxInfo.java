package org.athanor.databox;

import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Key/value facts kept in a databox (Phraseanet's {@code pref}): name, template, creation date. */
public final class DataboxInfo {
    private final Jdbi databox;

    public DataboxInfo(Jdbi databox) {
        this.databox = databox;
    }

    public Optional<String> get(String key) {
        return databox.withHandle(h -> h.createQuery("SELECT info_value FROM databox_info WHERE info_key = :k").bind("k", key)
                .mapTo(String.class).findOne());
    }

    public void put(String key, String value) {
        databox.useTransaction(h -> {
            int n = h.createUpdate("UPDATE databox_info SET info_value = :v WHERE info_key = :k").bind("k", key).bind("v", value).execute();
            if (n == 0) h.createUpdate("INSERT INTO databox_info (info_key, info_value) VALUES (:k, :v)").bind("k", key).bind("v", value).execute();
        });
    }
}
