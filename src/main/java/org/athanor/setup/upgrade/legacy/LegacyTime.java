package org.athanor.setup.upgrade.legacy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.athanor.setup.upgrade.Installation;
import org.athanor.setup.upgrade.UpgradeRefusedException;

/**
 * Phraseanet 3.8.8's dates: {@code DATETIME} columns filled with MySQL's {@code NOW()}, the wall-clock time of the
 * server's time zone; Athanor's hold UTC. The zone is chosen once per import ({@code --legacy-timezone}, else
 * {@code main.timezone} of the 3.8 configuration if present, else this JVM's default), kept in the checkpoint
 * {@value #CHECKPOINT} so that a resumed import converts with the same zone, and turned into a SQL expression
 * (the zone's offsets and daylight-saving transitions written out as a {@code CASE}), so MariaDB's time zone
 * tables are not needed and rows are still copied by {@code INSERT … SELECT}.
 */
public final class LegacyTime {
    /** Checkpoint holding the zone id the import converts with. */
    static final String CHECKPOINT = "legacy388:timezone";
    private static final DateTimeFormatter SQL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    /** Transitions written out from this year on (older dates convert with the zone's offset of that year). */
    private static final int FIRST_YEAR = 1970;

    private LegacyTime() {}

    /** A chosen zone and where it came from, as printed and logged. */
    public record Choice(ZoneId zone, String source) {
        public String describe() {
            return "Phraseanet 3.8.8 dates (server local time) are converted to UTC from time zone " + zone.getId() + " (" + source
                    + "; --legacy-timezone <zone> chooses another)";
        }
    }

    /**
     * Return the zone of the import: the checkpoint of an import already started, else {@code option}, else
     * {@code main.timezone} of the 3.8 configuration, else the JVM default. Reads only.
     *
     * @throws UpgradeRefusedException NOT_CONFIRMED (exit 2) when {@code option} is no zone, or differs from the zone an interrupted
     *     import already converted with
     */
    public static Choice choose(Installation installation, String option) {
        Optional<String> started = installation.checkpoints().get(CHECKPOINT);
        ZoneId given = option == null || option.isBlank() ? null : parse(option.strip(), "--legacy-timezone");
        if (started.isPresent()) {
            ZoneId zone = ZoneId.of(started.get());
            if (given != null && !given.equals(zone)) {
                throw new UpgradeRefusedException(UpgradeRefusedException.Reason.NOT_CONFIRMED, "The interrupted import of this Phraseanet "
                        + "3.8.8 installation converted its dates from time zone " + zone.getId() + "; --legacy-timezone " + given.getId()
                        + " would mix two zones. Run bin/setup system:upgrade again with --legacy-timezone " + zone.getId()
                        + " (or without the option). Nothing was changed.");
            }
            return new Choice(zone, "chosen when this import started");
        }
        if (given != null) return new Choice(given, "--legacy-timezone");
        String configured = installation.rawConfig().path("main").path("timezone").asText("");
        if (!configured.isBlank()) return new Choice(parse(configured.strip(), "main.timezone of " + installation.configFile()), "main.timezone of the 3.8 configuration");
        return new Choice(ZoneId.systemDefault(), "the default time zone of this machine's Java");
    }

    /** Record the zone of {@code choice} for the steps (once: a resumed import keeps the first). */
    public static void record(Installation installation, Choice choice) {
        if (installation.checkpoints().get(CHECKPOINT).isEmpty()) installation.checkpoints().put(CHECKPOINT, choice.zone().getId());
    }

    /** Return the zone the steps convert with, recording the default choice when no upgrade recorded one (the import's tests). */
    static ZoneId zone(Installation installation) {
        Optional<String> recorded = installation.checkpoints().get(CHECKPOINT);
        if (recorded.isPresent()) return ZoneId.of(recorded.get());
        Choice c = choose(installation, null);
        record(installation, c);
        installation.log().line(c.describe());
        return c.zone();
    }

    private static ZoneId parse(String id, String where) {
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            throw new UpgradeRefusedException(UpgradeRefusedException.Reason.NOT_CONFIRMED, where + ": '" + id + "' is not a time zone. "
                    + "Give a region id such as Europe/Paris or America/New_York (the zone of the MySQL server Phraseanet ran on). "
                    + "Nothing was changed.");
        }
    }

    /**
     * Return a MariaDB expression turning the local {@code DATETIME} {@code column} of {@code zone} into UTC; NULL stays
     * NULL. A local time that occurs twice (clocks set back) takes the earlier offset, one that does not occur (clocks
     * set forward) the offset before the change, as {@link java.time.ZonedDateTime#of} does.
     */
    static String toUtc(String column, ZoneId zone) {
        ZoneRules rules = zone.getRules();
        if (rules.isFixedOffset()) return shift(column, rules.getOffset(Instant.EPOCH));
        List<ZoneOffsetTransition> transitions = new ArrayList<>();
        Instant from = LocalDateTime.of(FIRST_YEAR, 1, 1, 0, 0).toInstant(ZoneOffset.UTC);
        Instant until = Instant.now().plusSeconds(3L * 366 * 24 * 3600);
        for (ZoneOffsetTransition t = rules.nextTransition(from); t != null && t.getInstant().isBefore(until); t = rules.nextTransition(t.getInstant())) {
            transitions.add(t);
        }
        if (transitions.isEmpty()) return shift(column, rules.getOffset(from));
        StringBuilder sql = new StringBuilder("CASE");
        for (int i = transitions.size() - 1; i >= 0; i--) {           // most recent first: most rows stop at the first test
            ZoneOffsetTransition t = transitions.get(i);
            LocalDateTime boundary = t.isGap() ? t.getDateTimeAfter() : t.getDateTimeBefore();
            sql.append(" WHEN ").append(column).append(" >= '").append(SQL.format(boundary)).append("' THEN ")
                    .append(shift(column, t.getOffsetAfter()));
        }
        sql.append(" ELSE ").append(shift(column, transitions.get(0).getOffsetBefore())).append(" END");
        return sql.toString();
    }

    private static String shift(String column, ZoneOffset offset) {
        int seconds = offset.getTotalSeconds();
        return seconds == 0 ? column : "TIMESTAMPADD(SECOND, " + (-seconds) + ", " + column + ")";
    }
}
