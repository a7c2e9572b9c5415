package org.athanor.config;

import java.util.List;
import java.util.Objects;

/**
 * {@code http}: the address the web server listens on, and the reverse proxies it believes.
 *
 * @param host the interface, e.g. {@code 127.0.0.1} behind a reverse proxy, {@code 0.0.0.0} for all
 * @param port 1..65535, or 0 for any free port (tests)
 * @param trustedProxies the peers whose {@code X-Forwarded-For}, {@code Forwarded} and {@code X-Forwarded-Proto}
 *        headers are believed; a request from any other peer is taken at its own address
 */
public record HttpConfig(String host, int port, List<AddressRange> trustedProxies) {
    /** The loopback addresses: a reverse proxy on the same machine, as config/samples sets it up. */
    public static final List<AddressRange> LOOPBACK = List.of(AddressRange.parse("127.0.0.1/8"), AddressRange.parse("::1"));
    /** Listen on 127.0.0.1:8080, behind a proxy on the same machine. */
    public static final HttpConfig DEFAULT = new HttpConfig("127.0.0.1", 8080);

    public HttpConfig {
        Objects.requireNonNull(host, "host");
        trustedProxies = List.copyOf(trustedProxies);
        if (port < 0 || port > 65535) {
            throw new ConfigException("http.port: expected a whole number from 1 to 65535, found " + port + ". Example: port: 8080");
        }
    }

    /** Listen on {@code host:port}, trusting the loopback proxies. */
    public HttpConfig(String host, int port) {
        this(host, port, LOOPBACK);
    }
}
