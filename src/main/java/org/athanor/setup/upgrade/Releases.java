package org.athanor.setup.upgrade;

import java.util.List;
import java.util.Optional;
import org.athanor.core.ReleaseVersion;
import org.athanor.core.Version;
import org.athanor.db.BoxKind;
import org.athanor.db.SchemaMigrator;

/**
 * The releases this program knows (RELEASES.md), the oldest it upgrades from, and the Phraseanet version it imports.
 *
 * <p>Releases before 4.0.0 recorded no version of their own that told them apart (both alphas say "4.0.0"): they are
 * identified by their boxes' schema versions. From 4.0.0 on every box's release is recorded in the appbox table
 * {@code box_releases}.
 */
public final class Releases {
    /** A recorded release and the schema versions its boxes carry. */
    public record KnownRelease(ReleaseVersion version, String commit, String appboxSchema, String databoxSchema) {}

    /** 4.0.0-alpha.1: appbox schema 1, databox schema 1. */
    public static final KnownRelease ALPHA_1 = new KnownRelease(ReleaseVersion.parse("4.0.0-alpha.1"),
            "6601c63f1fa573fca2a62104106f87a436accc21", "1", "1");
    /** 4.0.0-alpha.2: appbox schema 3, databox schema 1. */
    public static final KnownRelease ALPHA_2 = new KnownRelease(ReleaseVersion.parse("4.0.0-alpha.2"),
            "650a073350286580e34c749b79aece0f985bc314", "3", "1");
    /** The oldest Athanor release this program upgrades from (its "required stop"). */
    public static final ReleaseVersion OLDEST_UPGRADABLE = ALPHA_1.version();
    /** The only Phraseanet version Athanor imports: "To upgrade to version 4.0, you must have version 3.8.8 installed." */
    public static final ReleaseVersion PHRASEANET_REQUIRED = ReleaseVersion.parse("3.8.8");

    private static final List<KnownRelease> BEFORE_RECORDS = List.of(ALPHA_1, ALPHA_2);

    private Releases() {}

    /** Return the releases before version records existed, oldest first. */
    public static List<KnownRelease> beforeRecords() {
        return BEFORE_RECORDS;
    }

    /** Return the release whose boxes carry exactly these schema versions, among the releases before version records. */
    public static Optional<KnownRelease> bySchemas(String appboxSchema, String databoxSchema) {
        return BEFORE_RECORDS.stream()
                .filter(r -> r.appboxSchema().equals(appboxSchema) && (databoxSchema == null || r.databoxSchema().equals(databoxSchema)))
                .findFirst();
    }

    /** Return the known release that shipped appbox (or databox) schema {@code schema}, before version records. */
    public static Optional<KnownRelease> byBoxSchema(BoxKind kind, String schema) {
        return BEFORE_RECORDS.stream()
                .filter(r -> (kind == BoxKind.APPBOX ? r.appboxSchema() : r.databoxSchema()).equals(schema))
                .reduce((first, second) -> second);     // the last release that shipped it: a box is as new as it can be
    }

    /** Return this program's release. */
    public static ReleaseVersion current() {
        return Version.CURRENT;
    }

    /** Return this program's schema version of {@code kind}. */
    public static String currentSchema(BoxKind kind) {
        return SchemaMigrator.latestVersion(kind);
    }
}
