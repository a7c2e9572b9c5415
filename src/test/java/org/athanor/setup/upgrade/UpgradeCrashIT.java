package org.athanor.setup.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.athanor.db.Engine;
import org.athanor.testing.InstallationSnapshot;
import org.athanor.testing.ReleaseInstallation;
import org.athanor.testing.ReleaseInstallation.Cli;
import org.athanor.testing.Releases;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code system:upgrade} killed with SIGKILL at 5 points, then run again, ends in the same state as an uninterrupted
 * upgrade of the same installation; and a second upgrade started while the first holds the lock is refused naming it.
 *
 * <p>Runs on H2 only (the heaviest scenario, on one engine per run): the alpha.2 installation is made once in
 * {@code <tmp>/template}, reached through the symlink {@code <tmp>/live} that every path of its configuration and
 * registry goes through; each run copies the template and points {@code live} at the copy, so each starts from the
 * same bytes. The installation holds 1 205 records whose checksum is missing, so the checksum migration runs three
 * batches of 500: the test kills it after batches 1 and 2. The pause points are the engine's step names
 * ({@code ATHANOR_UPGRADE_PAUSE_AT}, see {@code Installation#pausePoint}); a point never reached fails the test.
 */
@DisplayName("bin/setup system:upgrade killed with SIGKILL, then run again")
class UpgradeCrashIT {
    /** Between steps (before the step named) and inside the data migration (after batch n). */
    static final List<String> POINTS = List.of("appbox-schema", "databox-schema-1", "record-checksums-1#1", "record-checksums-1#2", "version-records");
    static final int RECORDS_WITHOUT_CHECKSUM = 1_200;

    @TempDir static Path dir;
    static Path live;
    static ReleaseInstallation installation;
    static Path next;
    static EndState uninterrupted;

    @BeforeAll static void installOnceAndUpgradeWithoutCrash() throws Exception {
        Path template = Files.createDirectories(dir.resolve("template"));
        live = Files.createSymbolicLink(dir.resolve("live"), template);
        installation = ReleaseInstallation.install(Releases.named("4.0.0-alpha.2"), Engine.H2, live).populate();
        addRecordsWithoutChecksum(installation, RECORDS_WITHOUT_CHECKSUM);
        next = installation.newProgram();

        useCopy("uninterrupted");
        Cli upgrade = upgrade(Map.of());
        assertThat(upgrade.exitCode()).as(upgrade.toString()).isZero();
        uninterrupted = EndState.of(installation, next);
    }

    static Stream<String> points() {
        return POINTS.stream();
    }

    @ParameterizedTest(name = "killed at {0}")
    @MethodSource("points")
    @DisplayName("killed at a point, run again: the same end state as the uninterrupted upgrade, nothing lost")
    void killedThenRerun(String point) throws Exception {
        useCopy("crash-" + point.replaceAll("[^a-z0-9]", "_"));
        InstallationSnapshot before = InstallationSnapshot.of(installation.configFile());

        Process paused = startPaused(point);
        paused.destroyForcibly();
        assertThat(paused.waitFor(30, TimeUnit.SECONDS)).isTrue();

        Cli rerun = upgrade(Map.of(), "--force");
        assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
        installation.switchTo(next);
        assertThat(before.differencesTo(InstallationSnapshot.of(installation.configFile()))).isEmpty();
        assertThat(EndState.of(installation, next).differencesFrom(uninterrupted)).as("differences from the uninterrupted upgrade").isEmpty();
    }

    @Test @DisplayName("a second system:upgrade while the first runs is refused (exit 6) naming the first's host and pid")
    void secondUpgradeRefused() throws Exception {
        useCopy("concurrent");
        Process first = startPaused(POINTS.get(0));
        try {
            Cli second = upgrade(Map.of());
            assertThat(second.exitCode()).as(second.toString()).isEqualTo(6);
            assertThat(second.err()).contains(String.valueOf(first.pid())).contains(InetAddress.getLocalHost().getHostName());
        } finally {
            first.destroyForcibly();
            first.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Point {@code live} at a fresh copy of the template named {@code name}. */
    static void useCopy(String name) throws IOException {
        Path copy = dir.resolve(name);
        Releases.copyProgram(dir.resolve("template"), copy);
        Files.delete(live);
        Files.createSymbolicLink(live, copy);
        installation.switchTo(installation.program());
    }

    static Cli upgrade(Map<String, String> env, String... more) {
        String[] args = Stream.concat(Stream.of("system:upgrade", "--yes", "--disconnect-users"), Stream.of(more)).toArray(String[]::new);
        return installation.setup(next, env, args);
    }

    /** Start the upgrade with {@code ATHANOR_UPGRADE_PAUSE_AT=point} and return it once it says it paused there. */
    static Process startPaused(String point) throws Exception {
        Path err = Files.createTempFile(dir, "paused-", ".err");
        ProcessBuilder pb = new ProcessBuilder(next.resolve("bin/setup").toString(), "system:upgrade", "--yes", "--disconnect-users")
                .directory(live.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile());
        pb.environment().remove("ATHANOR_CONFIG");
        pb.environment().put("ATHANOR_UPGRADE_PAUSE_AT", point);
        Process p = pb.start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
        while (!Files.readString(err).contains("upgrade: paused at " + point)) {
            if (!p.isAlive()) throw new AssertionError("the upgrade ended (exit " + p.exitValue() + ") without pausing at " + point + ":\n" + Files.readString(err));
            if (Instant.now().isAfter(deadline)) {
                p.destroyForcibly();
                throw new AssertionError("the upgrade did not pause at " + point + " within 180 s:\n" + Files.readString(err));
            }
            Thread.sleep(100);
        }
        return p;
    }

    /** Records as an import without checksums leaves them: sha256 empty, the original a real file. */
    static void addRecordsWithoutChecksum(ReleaseInstallation i, int n) {
        ReleaseInstallation.sql(i.databoxConnection(), c -> {
            c.setAutoCommit(false);
            String path;
            String file;
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT path, file FROM subdefs WHERE name = 'document' ORDER BY record_id")) {
                rs.next();
                path = rs.getString(1);
                file = rs.getString(2);
            }
            try (var rec = c.prepareStatement("INSERT INTO records (coll_id, record_type, mime, uuid, original_name, status, created_at, modified_at) "
                    + "VALUES (1, 'image', 'image/jpeg', ?, ?, 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
                 var sub = c.prepareStatement("INSERT INTO subdefs (record_id, name, path, file, size, mime, created_at) "
                         + "SELECT record_id, 'document', ?, ?, 1, 'image/jpeg', CURRENT_TIMESTAMP FROM records WHERE uuid = ?")) {
                for (int k = 0; k < n; k++) {
                    String uuid = java.util.UUID.randomUUID().toString();
                    rec.setString(1, uuid);
                    rec.setString(2, "imported-" + k + ".jpg");
                    rec.executeUpdate();
                    sub.setString(1, path);
                    sub.setString(2, file);
                    sub.setString(3, uuid);
                    sub.executeUpdate();
                }
            }
            c.commit();
        });
    }

    /**
     * The state an upgrade ends in, with the moments it ran masked: every table of every box (the schema history as
     * version, description, checksum and success; the tables of the upgrade's own bookkeeping as their columns only),
     * and the configuration file.
     */
    record EndState(Map<String, Object> boxes, String configuration) {
        private static final String TIME = "\\d{4}-\\d\\d-\\d\\d[T ]\\d\\d:\\d\\d(:\\d\\d(\\.\\d+)?)?Z?";

        static EndState of(ReleaseInstallation i, Path program) throws IOException {
            Path config = program.resolve("config/configuration.yml");
            InstallationSnapshot.Where where = InstallationSnapshot.Where.of(config);
            Map<String, Object> boxes = new TreeMap<>();
            Map<String, List<Map<String, String>>> appbox = InstallationSnapshot.tables(where.appbox());
            boxes.put("appbox", masked(appbox));
            for (Map<String, String> row : appbox.get("databoxes")) boxes.put("databox " + row.get("name"), masked(InstallationSnapshot.tables(where.databox(row))));
            return new EndState(boxes, Files.readString(config).replaceAll(TIME, "<time>"));
        }

        /** Return one line per table (the first row that differs) and per configuration line that differs from {@code expected}. */
        List<String> differencesFrom(EndState expected) {
            List<String> out = new ArrayList<>();
            java.util.Set<String> boxNames = new java.util.TreeSet<>(expected.boxes.keySet());
            boxNames.addAll(boxes.keySet());
            for (String box : boxNames) {
                @SuppressWarnings("unchecked") Map<String, Object> want = (Map<String, Object>) expected.boxes.getOrDefault(box, Map.of());
                @SuppressWarnings("unchecked") Map<String, Object> got = (Map<String, Object>) boxes.getOrDefault(box, Map.of());
                java.util.Set<String> tables = new java.util.TreeSet<>(want.keySet());
                tables.addAll(got.keySet());
                for (String table : tables) {
                    List<?> w = (List<?>) want.get(table);
                    List<?> g = (List<?>) got.get(table);
                    if (java.util.Objects.equals(w, g)) continue;
                    if (w == null || g == null) {
                        out.add(box + " " + table + ": " + (w == null ? "only after the crash" : "missing after the crash"));
                        continue;
                    }
                    int n = 0;
                    for (int k = 0; k < Math.max(w.size(), g.size()); k++) {
                        Object a = k < w.size() ? w.get(k) : null;
                        Object b = k < g.size() ? g.get(k) : null;
                        if (java.util.Objects.equals(a, b)) continue;
                        if (n++ == 0) out.add(box + " " + table + " row " + k + ": expected " + a + ", was " + b);
                    }
                    if (n > 1) out.add(box + " " + table + ": " + n + " rows differ (rows " + w.size() + " expected, " + g.size() + " found)");
                }
            }
            // the H2 password the upgrade gives is random: each run has its own; its presence is what must match
            String[] want = randomPasswordMasked(expected.configuration).split("\n");
            String[] got = randomPasswordMasked(configuration).split("\n");
            for (int k = 0; k < Math.max(want.length, got.length); k++) {
                String a = k < want.length ? want[k] : null;
                String b = k < got.length ? got[k] : null;
                if (!java.util.Objects.equals(a, b)) out.add("configuration.yml line " + (k + 1) + ": expected " + a + ", was " + b);
            }
            return out;
        }

        private static String randomPasswordMasked(String configuration) {
            return configuration.replaceAll("(?m)^(\\s+password: )'[0-9a-f]{64}'$", "$1'<random 64 hex digits>'");
        }

        private static Map<String, Object> masked(Map<String, List<Map<String, String>>> tables) {
            Map<String, Object> out = new TreeMap<>();
            tables.forEach((table, rows) -> {
                if (table.equals("athanor_schema_history")) {
                    out.put(table, rows.stream().map(r -> r.get("version") + " " + r.get("description") + " " + r.get("checksum") + " " + r.get("success")).toList());
                } else if (table.startsWith("upgrade_") || table.equals("sessions")) {
                    out.put(table, rows.isEmpty() ? List.of() : new ArrayList<>(rows.get(0).keySet()));
                } else {
                    out.put(table, rows.stream().map(r -> {
                        Map<String, String> m = new TreeMap<>();
                        r.forEach((k, v) -> m.put(k, v == null ? null : v.replaceAll(TIME, "<time>")));
                        return m;
                    }).toList());
                }
            });
            return out;
        }
    }
}
