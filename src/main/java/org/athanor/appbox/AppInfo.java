package org.athanor.appbox;

import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Key/value facts about the installation kept in the appbox (Phraseanet's {@code sitepreff}): installed version, dates. */
public final class AppInfo {
    /** Key of the installed Athanor version. */
    public static final String VERSION = "version";
    /** Key of the installation date (ISO-8601). */
    public static final String INSTALLED_AT = "installed_at";

    private final Jdbi appbox;

    public AppInfo(Jdbi appbox) {
        this.appbox = appbox;
    }

    public Optional<String> get(String key) {
        return appbox.withHandle(h -> h.createQuery("SELECT info_value FROM app_info WHERE info_key = :k").bind("k", key)
                .mapTo(String.class).findOne());
    }

    public void put(String key, String value) {
        appbox.useTransaction(h -> {
            int n = h.createUpdate("UPDATE app_info SET info_value = :v WHERE info_key = :k").bind("k", key).bind("v", value).execute();
            if (n == 0) h.createUpdate("INSERT INTO app_info (info_key, info_value) VALUES (:k, :v)").bind("k", key).bind("v", value).execute();
        });
    }

    /** The Athanor version recorded by the last install or upgrade. */
    public Optional<String> installedVersion() {
        return get(VERSION);
    }
}
