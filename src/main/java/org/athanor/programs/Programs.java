package org.athanor.programs;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Finds external programs on a search path, as a shell does with {@code PATH}.
 *
 * <p>The search path is given, not read behind the caller's back, so that a test can stand for "a machine without
 * ffmpeg" by pointing it at a folder that lacks it. A path configured by the administrator ({@code main.binaries})
 * is the caller's to check with {@link #isExecutable}; this class answers "where is it on the PATH?".
 */
public final class Programs {
    /** Finds nothing: a machine with no external program (tests of the pure-Java paths). */
    public static final Programs NONE = new Programs(List.of());

    private final List<Path> searchPath;

    /** Search the folders of {@code searchPath}, in order. */
    public Programs(List<Path> searchPath) {
        this.searchPath = List.copyOf(searchPath);
    }

    /** Return a finder over the {@code PATH} of {@code environment} (e.g. {@code System.getenv()}). */
    public static Programs of(Map<String, String> environment) {
        return fromPathVariable(environment.get("PATH"));
    }

    /** Return a finder over this process's {@code PATH}. */
    public static Programs system() {
        return of(System.getenv());
    }

    /** Return a finder over a {@code PATH}-style list of folders separated by {@link File#pathSeparator}. */
    public static Programs fromPathVariable(String path) {
        List<Path> folders = new ArrayList<>();
        if (path != null) {
            for (String part : path.split(File.pathSeparator)) {
                if (part.isBlank()) continue;
                try {
                    folders.add(Path.of(part));
                } catch (InvalidPathException ignored) {
                    // a malformed PATH entry holds no program
                }
            }
        }
        return new Programs(folders);
    }

    /** Return the folders searched, in order. */
    public List<Path> searchPath() {
        return searchPath;
    }

    /** Return the first executable file named {@code name} on the search path; a name with a '/' is checked as it is. */
    public Optional<Path> find(String name) {
        if (name.contains("/")) {
            Path p = Path.of(name);
            return isExecutable(p) ? Optional.of(p.toAbsolutePath()) : Optional.empty();
        }
        for (Path folder : searchPath) {
            Path candidate = folder.resolve(name);
            if (isExecutable(candidate)) return Optional.of(candidate.toAbsolutePath());
        }
        return Optional.empty();
    }

    /** Return the first of {@code names} found, trying each name in order (e.g. {@code mariadb-dump}, then {@code mysqldump}). */
    public Optional<Path> findAny(List<String> names) {
        for (String name : names) {
            Optional<Path> found = find(name);
            if (found.isPresent()) return found;
        }
        return Optional.empty();
    }

    /**
     * Return the first of {@code names} found, or throw naming the program and what to install.
     *
     * @param debianPackage the package that brings the program, e.g. {@code postgresql-client}
     * @param neededFor what Athanor needs it for, completing "is needed to …", e.g. {@code back up postgresql databases}
     * @throws ProgramException {@link ProgramException.Reason#NOT_FOUND}: "pg_dump is needed to back up postgresql
     *         databases and was not found on the PATH (/usr/bin:/bin): install the Debian package postgresql-client
     *         (apt-get install postgresql-client)."
     */
    public Path require(List<String> names, String debianPackage, String neededFor) {
        return findAny(names).orElseThrow(() -> new ProgramException(ProgramException.Reason.NOT_FOUND,
                String.join(" or ", names) + " is needed to " + neededFor + " and was not found on the PATH (" + describePath()
                        + "): install the Debian package " + debianPackage + " (apt-get install " + debianPackage + ")."));
    }

    /** Return whether {@code file} is a regular file this process may execute. */
    public static boolean isExecutable(Path file) {
        return Files.isRegularFile(file) && Files.isExecutable(file);
    }

    private String describePath() {
        return searchPath.isEmpty() ? "empty" : searchPath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }

    @Override public String toString() {
        return "Programs" + searchPath;
    }
}
