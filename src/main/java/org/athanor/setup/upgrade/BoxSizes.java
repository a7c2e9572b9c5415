package org.athanor.setup.upgrade;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.athanor.db.Box;

/** The size of a box's database on disk, for the free-space check and the time estimate. */
final class BoxSizes {
    private BoxSizes() {}

    /** Return the box's size in bytes (0 when the engine does not tell). */
    static long of(Box box) {
        try {
            return switch (box.engine()) {
                case H2 -> {
                    Path p = box.connection().h2Path();
                    Path file = p.resolveSibling(p.getFileName() + ".mv.db");
                    yield Files.exists(file) ? Files.size(file) : 0;
                }
                case POSTGRESQL -> box.jdbi().withHandle(h -> h.createQuery("SELECT pg_database_size(current_database())").mapTo(Long.class).one());
                case MARIADB -> box.jdbi().withHandle(h -> h.createQuery(
                        "SELECT COALESCE(SUM(data_length + index_length), 0) FROM information_schema.TABLES WHERE table_schema = DATABASE()")
                        .mapTo(Long.class).one());
            };
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Return {@code n} bytes for people: {@code 12.3 MB}. */
    static String human(long n) {
        if (n < 1024) return n + " B";
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
