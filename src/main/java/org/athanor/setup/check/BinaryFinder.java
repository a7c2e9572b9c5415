package org.athanor.setup.check;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds external programs (exiftool, pg_dump…) on a search path, as a shell does with {@code PATH}.
 *
 * <p>The search path is given, not read behind the caller's back, so that a test can stand for "a machine without
 * ffmpeg" by pointing it at a folder that lacks it.
 */
public final class BinaryFinder {
    private final List<Path> searchPath;

    /** Search the folders of {@code searchPath}, in order. */
    public BinaryFinder(List<Path> searchPath) {
        this.searchPath = List.copyOf(searchPath);
    }

    /** Return a finder over the {@code PATH} of {@code environment} (e.g. {@code System.getenv()}). */
    public static BinaryFinder of(Map<String, String> environment) {
        return fromPathVariable(environment.get("PATH"));
    }

    /** Return a finder over this process's {@code PATH}. */
    public static BinaryFinder system() {
        return of(System.getenv());
    }

    /** Return a finder over a {@code PATH}-style list of folders separated by {@link File#pathSeparator}. */
    public static BinaryFinder fromPathVariable(String path) {
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
        return new BinaryFinder(folders);
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

    /** Return whether {@code file} is a regular file this process may execute. */
    public static boolean isExecutable(Path file) {
        return Files.isRegularFile(file) && Files.isExecutable(file);
    }

    @Override public String toString() {
        return "BinaryFinder" + searchPath;
    }
}
