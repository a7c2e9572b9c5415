package org.athanor.config;

import java.util.Objects;

/**
 * {@code http}: the address the web server listens on.
 *
 * @param host the interface, e.g. {@code 127.0.0.1} behind a reverse proxy, {@code 0.0.0.0} for all
 * @param port 1..65535, or 0 for any free port (tests)
 */
public record HttpConfig(String host, int port) {
    /** Listen on 127.0.0.1:8080. */
    public static final HttpConfig DEFAULT = new HttpConfig("127.0.0.1", 8080);

    public HttpConfig {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new ConfigException("http.port: expected a whole number from 1 to 65535, found " + port + ". Example: port: 8080");
        }
    }
}
