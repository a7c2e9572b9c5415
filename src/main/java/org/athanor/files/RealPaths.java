package org.athanor.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a path really is, following symbolic links, even when its last parts do not exist yet. */
public final class RealPaths {
    private RealPaths() {}

    /**
     * Return the real path of the longest existing part of {@code p}, with the rest appended; the absolute,
     * normalized {@code p} when nothing of it can be resolved.
     */
    public static Path real(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) existing = existing.getParent();
        if (existing == null) return abs;
        try {
            return existing.toRealPath().resolve(existing.relativize(abs));
        } catch (IOException e) {
            return abs;
        }
    }

    /** Return whether {@code inner} is {@code outer} or lies inside it, following the symbolic links of their existing parts. */
    public static boolean isInside(Path inner, Path outer) {
        return real(inner).startsWith(real(outer));
    }
}
