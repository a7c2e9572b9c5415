package org.athanor;

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

    static {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in == null) throw new IllegalStateException("org/athanor/version.properties is missing from the classpath: rebuild Athanor with ./mvnw package");
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        NUMBER = p.getProperty("version");
        CODENAME = p.getProperty("codename");
    }

    private Version() {}

    /** Return the line {@code --version} prints: {@code Athanor version 4.0.0 "Albedo"}. */
    public static String line() {
        return "Athanor version " + NUMBER + " \"" + CODENAME + "\"";
    }
}
