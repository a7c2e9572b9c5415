package org.athanor.setup.check;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.athanor.db.BoxConnection;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.config.AthanorConfig;
import org.athanor.config.ConfigLoader;
import org.athanor.config.StorageConfig;
import org.athanor.db.Engine;
import org.athanor.files.RealPaths;
import org.athanor.programs.ExternalProgram;
import org.athanor.programs.Programs;
import org.athanor.setup.backup.DumpTools;

/**
 * {@code bin/setup check:system}: what Athanor needs from the machine, with or without an installation.
 *
 * <p>Java, memory, CPUs, folders (writable, free space, data outside the program folder), charset, time zone,
 * external programs and their versions, dump tools of the configured engine, open-file limit. Missing programs are
 * recommendations (WARNING) naming the Debian package; a broken requirement is an ERROR.
 */
public final class SystemCheck {
    /** Below this free space a folder is an ERROR. */
    static final long FREE_REQUIRED = 256L * 1024 * 1024;
    /** Below this free space a folder is a WARNING. */
    static final long FREE_RECOMMENDED = 2L * 1024 * 1024 * 1024;
    /** Below this maximum heap Athanor is a WARNING. */
    static final long HEAP_RECOMMENDED = 512L * 1024 * 1024;
    /** Below this open-file limit Athanor is a WARNING. */
    static final long OPEN_FILES_RECOMMENDED = 4096;

    /**
     * An external program Athanor uses.
     *
     * @param subject its name in check lines
     * @param configKey its key in {@code main.binaries} (without {@code _binary})
     * @param names executable names tried on the PATH, in order
     * @param versionArgs what makes it print its version
     * @param debianPackage what to install
     * @param usedFor what Athanor does with it, for the advice
     */
    public record Tool(String subject, String configKey, List<String> names, List<String> versionArgs, String debianPackage, String usedFor) {}

    /** The external programs checked, in the order they are printed. */
    public static final List<Tool> TOOLS = List.of(
            new Tool("exiftool", "exiftool", List.of("exiftool"), List.of("-ver"), "libimage-exiftool-perl", "reading and writing metadata"),
            new Tool("ffmpeg", "ffmpeg", List.of("ffmpeg"), List.of("-version"), "ffmpeg", "video and audio subdefinitions"),
            new Tool("ffprobe", "ffprobe", List.of("ffprobe"), List.of("-version"), "ffmpeg", "video and audio technical data"),
            new Tool("ImageMagick convert", "convert", List.of("convert"), List.of("-version"), "imagemagick", "image subdefinitions of rare formats"),
            new Tool("libvips vips", "vips", List.of("vips"), List.of("--version"), "libvips-tools", "fast image subdefinitions"),
            new Tool("libvips vipsthumbnail", "vipsthumbnail", List.of("vipsthumbnail"), List.of("--version"), "libvips-tools", "fast thumbnails"),
            new Tool("Ghostscript gs", "ghostscript", List.of("gs"), List.of("--version"), "ghostscript", "PDF and PostScript thumbnails"),
            new Tool("pdftotext", "pdftotext", List.of("pdftotext"), List.of("-v"), "poppler-utils", "indexing the text of PDF documents"),
            new Tool("LibreOffice soffice", "libreoffice", List.of("soffice", "libreoffice"), List.of("--version"), "libreoffice-core",
                    "previews of office documents"));

    private final Path programHome;
    private final Programs programs;
    private final InstallationVersionCheck versions;

    /**
     * @param programHome the program folder (bin/, lib/, config/)
     * @param programs where external programs are looked up when configuration.yml does not give their path
     * @param versions what {@link #run(Path)} says about the installation's version ({@code setup.upgrade.UpgradeVersionCheck})
     */
    public SystemCheck(Path programHome, Programs programs, InstallationVersionCheck versions) {
        this.programHome = programHome.toAbsolutePath().normalize();
        this.programs = programs;
        this.versions = versions;
    }

    /** Check the machine for the installation whose configuration is {@code configFile}, or for a future one when it does not exist. */
    public CheckResult run(Path configFile) {
        List<CheckLine> lines = new ArrayList<>();
        AthanorConfig config = null;
        if (Files.exists(configFile)) {
            try {
                config = ConfigLoader.load(configFile);
                lines.add(CheckLine.ok("configuration", configFile.toString()));
            } catch (AthanorException e) {
                if (versions.isImportedConfig(configFile)) {
                    lines.add(CheckLine.warning("configuration", configFile + " is a Phraseanet 3.8 configuration",
                            "Run bin/setup system:upgrade: it imports the Phraseanet installation and writes Athanor's configuration."));
                } else {
                    lines.add(CheckLine.error("configuration", e.getMessage(), "Fix " + configFile + " (see config/samples/configuration.sample.yml)."));
                }
            }
        } else {
            lines.add(CheckLine.ok("configuration", "no installation yet (" + configFile + " does not exist); checking for a new one"));
        }
        CheckResult result = new CheckResult(lines).plus(run(Optional.ofNullable(config)));
        if (config != null || versions.isImportedConfig(configFile)) {
            Optional<CheckLine> upgrade = versions.check(configFile);
            if (upgrade.isPresent()) result = result.plus(new CheckResult(List.of(upgrade.get())));
        }
        return result;
    }

    /** Check the machine for {@code config}'s installation, or for a new installation with default folders when empty. */
    public CheckResult run(Optional<AthanorConfig> config) {
        List<CheckLine> lines = new ArrayList<>();
        lines.add(java());
        lines.add(memory());
        lines.add(cpus());
        Path data = config.map(c -> c.main().storage().data()).orElse(programHome.resolveSibling("athanor-data"));
        lines.add(dataOutsideProgram(data));
        for (Map.Entry<String, Path> folder : folders(config, data).entrySet()) lines.add(folder(folder.getKey(), folder.getValue()));
        config.filter(c -> c.main().database().driver() == org.athanor.config.DatabaseDriver.H2)
                .ifPresent(c -> lines.add(embeddedDatabaseAccess(c)));
        lines.add(charset());
        lines.add(CheckLine.ok("time zone", ZoneId.systemDefault().getId() + " (dates are stored in UTC and shown in this zone)"));
        for (Tool tool : TOOLS) lines.add(tool(tool, config.flatMap(c -> c.main().binaries().binary(tool.configKey()))));
        config.ifPresent(c -> lines.addAll(dumpTools(List.of(BoxConnection.of(c.main().database()).engine()))));
        lines.add(openFiles());
        return new CheckResult(lines);
    }

    /**
     * Return the line of the embedded H2 database's privacy: an error when group or others may enter the data folder or
     * the db folder, or read a file in it (any local account could then read users and password hashes, or reach the
     * database's auto-server).
     */
    /** Subject of the line about who may access the H2 files. */
    public static final String H2_ACCESS = "H2 database access";

    static CheckLine embeddedDatabaseAccess(AthanorConfig config) {
        List<String> exposed = org.athanor.db.EmbeddedDatabaseSecurity.exposed(config);
        Path dbFolder = Path.of(config.main().database().path()).getParent();
        if (exposed.isEmpty()) return CheckLine.ok(H2_ACCESS, "only the owner may access " + dbFolder + " and its files");
        Path data = config.main().storage().data();
        return CheckLine.error(H2_ACCESS, "group or others may access " + String.join(", ", exposed),
                "Run: chmod 700 " + data + " " + dbFolder + " && chmod 600 " + dbFolder + "/* (any Athanor command also does it at start).");
    }

    /** Return the lines of the dump tools of {@code engines} (servers only, each once). */
    List<CheckLine> dumpTools(List<Engine> engines) {
        List<CheckLine> lines = new ArrayList<>();
        List<Engine> seen = new ArrayList<>();
        for (Engine e : engines) {
            if (!e.isServer() || seen.contains(e)) continue;
            seen.add(e);
            DumpTools t = DumpTools.of(e);
            for (List<String> names : List.of(t.dump(), t.load())) {
                String subject = String.join(" or ", names);
                Optional<Path> found = programs.findAny(names);
                lines.add(found.isPresent()
                        ? CheckLine.ok(subject, found.get() + ExternalProgram.versionOf(found.get(), List.of("--version")).map(v -> " (" + v + ")").orElse(""))
                        : CheckLine.warning(subject, "not found on the PATH; system:backup-db and system:restore-db need it for "
                                + e.id() + " databases", "Install the Debian package " + t.debianPackage() + " (apt-get install " + t.debianPackage() + ")."));
            }
        }
        return lines;
    }

    private static CheckLine java() {
        Runtime.Version v = Runtime.version();
        String vendor = System.getProperty("java.vendor", "?") + ", " + System.getProperty("java.vm.name", "?");
        String found = v + " (" + vendor + ") in " + System.getProperty("java.home");
        if (v.feature() < 17) return CheckLine.error("Java", found, "Install Java 17 or newer (Debian: apt-get install openjdk-17-jre-headless) or point JAVA_HOME to one.");
        return CheckLine.ok("Java", found);
    }

    private static CheckLine memory() {
        long heap = Runtime.getRuntime().maxMemory();
        long physical = physicalMemory();
        String found = "maximum heap " + size(heap) + (physical > 0 ? " of " + size(physical) + " physical memory" : "");
        if (heap < HEAP_RECOMMENDED) {
            return CheckLine.warning("memory", found, "Give Athanor at least 1 GiB: JAVA_OPTS=-Xmx1g (or Environment=JAVA_OPTS=-Xmx2g in athanor.service).");
        }
        if (physical > 0 && heap > physical * 9 / 10) {
            return CheckLine.warning("memory", found, "The heap may use almost all memory, leaving none to the database and the tools: lower -Xmx in JAVA_OPTS.");
        }
        return CheckLine.ok("memory", found);
    }

    private static CheckLine cpus() {
        int n = Runtime.getRuntime().availableProcessors();
        if (n < 2) return CheckLine.warning("CPUs", n + " available", "Subdefinitions and the web server compete for one CPU: give the machine 2 or more.");
        return CheckLine.ok("CPUs", n + " available");
    }

    private CheckLine dataOutsideProgram(Path data) {
        if (RealPaths.isInside(data, programHome)) {
            return CheckLine.error("data root", data + " is inside the program folder " + programHome,
                    "Move the data outside the program folder (an upgrade replaces that folder), e.g. to "
                            + programHome.resolveSibling("athanor-data") + ", and set main.storage.data to it.");
        }
        return CheckLine.ok("data root", data + " (outside the program folder)");
    }

    private Map<String, Path> folders(Optional<AthanorConfig> config, Path data) {
        Map<String, Path> folders = new LinkedHashMap<>();
        StorageConfig storage = config.map(c -> c.main().storage()).orElse(StorageConfig.under(data));
        folders.put("data folder", storage.data());
        folders.put("tmp folder", storage.tmpDir());
        folders.put("log folder", storage.logDir(programHome.resolve("logs")));
        folders.put("backup folder", storage.backupDir());
        return folders;
    }

    /** Return the line of one folder: writable (or creatable) and with enough free space. */
    static CheckLine folder(String subject, Path folder) {
        Path existing = folder.toAbsolutePath().normalize();
        while (existing != null && !Files.exists(existing)) existing = existing.getParent();
        if (existing == null) return CheckLine.error(subject, folder + " cannot be created", "Create it, writable by the user running Athanor.");
        boolean exists = existing.equals(folder.toAbsolutePath().normalize());
        if (!Files.isDirectory(existing)) return CheckLine.error(subject, existing + " is not a folder", "Remove or rename it, or set another folder.");
        if (!Files.isWritable(existing)) {
            return CheckLine.error(subject, (exists ? folder + " is not writable" : folder + " does not exist and " + existing + " is not writable")
                    + " by " + System.getProperty("user.name"), "Run: chown -R " + System.getProperty("user.name") + " " + (exists ? folder : existing)
                    + " (or create the folder writable by the user running Athanor).");
        }
        long free;
        try {
            free = Files.getFileStore(existing).getUsableSpace();
        } catch (IOException e) {
            return CheckLine.warning(subject, folder + ": free space unknown (" + e.getMessage() + ")", "Check the file system with df.");
        }
        String found = folder + (exists ? "" : " (will be created)") + ", writable, " + size(free) + " free";
        if (free < FREE_REQUIRED) return CheckLine.error(subject, found, "Free some space: Athanor needs at least " + size(FREE_REQUIRED) + " there.");
        if (free < FREE_RECOMMENDED) return CheckLine.warning(subject, found, "Free some space: " + size(FREE_RECOMMENDED) + " or more is recommended.");
        return CheckLine.ok(subject, found);
    }

    private static CheckLine charset() {
        String names = System.getProperty("sun.jnu.encoding", Charset.defaultCharset().name());
        String found = "locale " + Locale.getDefault() + ", file names " + names + ", default charset " + Charset.defaultCharset().name();
        if (!isUtf8(names) || !isUtf8(Charset.defaultCharset().name())) {
            return CheckLine.warning("charset", found, "File names with accents would be garbled: run Athanor with a UTF-8 locale, "
                    + "e.g. LANG=C.UTF-8 (Environment=LANG=C.UTF-8 in athanor.service).");
        }
        return CheckLine.ok("charset", found);
    }

    private static boolean isUtf8(String name) {
        String n = name.toUpperCase(Locale.ROOT).replace("-", "");
        return n.equals("UTF8");
    }

    private CheckLine tool(Tool tool, Optional<Path> configured) {
        if (configured.isPresent()) {
            Path p = configured.get();
            if (!Programs.isExecutable(p)) {
                return CheckLine.error(tool.subject(), "main.binaries." + tool.configKey() + "_binary is " + p + ", which is not an executable file",
                        "Fix the path in configuration.yml, or remove the key to use the " + tool.names().get(0) + " found on the PATH.");
            }
            return CheckLine.ok(tool.subject(), p + " (configured)" + ExternalProgram.versionOf(p, tool.versionArgs()).map(v -> ": " + v).orElse(""));
        }
        Optional<Path> found = programs.findAny(tool.names());
        if (found.isEmpty()) {
            return CheckLine.warning(tool.subject(), "not found on the PATH; without it Athanor does no " + tool.usedFor(),
                    "Install the Debian package " + tool.debianPackage() + " (apt-get install " + tool.debianPackage() + ").");
        }
        return CheckLine.ok(tool.subject(), found.get() + ExternalProgram.versionOf(found.get(), tool.versionArgs()).map(v -> ": " + v).orElse(""));
    }

    private static CheckLine openFiles() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long max = unix.getMaxFileDescriptorCount();
            if (max < OPEN_FILES_RECOMMENDED) {
                return CheckLine.warning("open files", "limit " + max, "Raise it to 65536: LimitNOFILE=65536 in athanor.service, or ulimit -n 65536 before starting.");
            }
            return CheckLine.ok("open files", "limit " + max);
        }
        return CheckLine.ok("open files", "limit unknown on this system");
    }

    private static long physicalMemory() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) return sun.getTotalMemorySize();
        return 0;
    }

    static String size(long bytes) {
        if (bytes >= 1024L * 1024 * 1024) return String.format(Locale.ROOT, "%.1f GiB", bytes / (1024.0 * 1024 * 1024));
        return String.format(Locale.ROOT, "%d MiB", bytes / (1024 * 1024));
    }

    /** Return the POSIX permissions of {@code file}; empty where POSIX modes do not exist. */
    static Optional<java.util.Set<PosixFilePermission>> permissions(Path file) {
        try {
            return Optional.of(Files.getPosixFilePermissions(file));
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    static AthanorException notInstalled(Path configFile) {
        return new AthanorException(ErrorCode.NOT_INSTALLED, "No configuration at " + configFile + ". Install Athanor first: bin/setup system:install");
    }
}
