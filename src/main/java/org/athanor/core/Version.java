package org.athanor.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The release number and name of this program; {@code bin/console --version} prints them.
 *
 * <p>Loading this class touches nothing but one small properties file, so that {@code --version}
 * answers without a database and in a fraction of a second.
 */
public final class Version {
    /** The version of this program, e.g. {@code 4.0.0}. */
    public static final String NUMBER;
    /** The release's codename. */
    public static final String CODENAME;
    /** The commit this build was made from (short hash), {@code unknown} when built outside a git checkout. */
    public static final String COMMIT;
    /**
     * This program's release as a comparable value; a pre-release or dev build carries its commit as build
     * metadata ({@code 4.0.1-dev+1a2b3c4}), a release does not ({@code 4.0.0}).
     */
    public static final ReleaseVersion CURRENT;

    static {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in == null) throw new IllegalStateException("org/athanor/core/version.properties is missing from the classpath: rebuild Athanor with ./mvnw package");
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String number = p.getProperty("version");
        String commit = p.getProperty("commit", "");
        COMMIT = commit.isBlank() || commit.startsWith("${") ? "unknown" : commit.strip();
        ReleaseVersion base = ReleaseVersion.parse(number);
        CURRENT = base.isPreRelease() && !"unknown".equals(COMMIT) ? ReleaseVersion.parse(number + "+" + COMMIT) : base;
        NUMBER = CURRENT.toString();
        CODENAME = p.getProperty("codename");
    }

    private Version() {}

    /** Return the line {@code --version} prints: {@code Athanor version 4.0.0 "Albedo"}. */
    public static String line() {
        return "Athanor version " + NUMBER + " \"" + CODENAME + "\"";
    }
}
