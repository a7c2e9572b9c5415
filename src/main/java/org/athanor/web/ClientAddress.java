package org.athanor.web;

import io.javalin.http.Context;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.athanor.config.AddressRange;

/**
 * The address of the client behind the reverse proxies listed in {@code http.trusted_proxies}.
 *
 * <p>The direct peer is the client unless it is a trusted proxy. Then the hops its headers list ({@code Forwarded}
 * when present, else {@code X-Forwarded-For}) are read from the right, the side the trusted proxies wrote: the first
 * address that is not a trusted proxy is the client. A hop that is not an IP address (forged, or {@code unknown})
 * stops the walk at the nearest trusted hop. So a client can put anything in the header, it only lands left of the
 * address its proxy appended, which is the one taken.
 */
final class ClientAddress {
    private ClientAddress() {}

    /** Return the client's address for this request. */
    static String of(Context ctx, List<AddressRange> trusted) {
        String peer = ctx.req().getRemoteAddr();
        Optional<InetAddress> peerIp = AddressRange.literal(unbracket(peer));
        if (peerIp.isEmpty() || !isTrusted(peerIp.get(), trusted)) return peer;
        List<String> hops = hops(ctx);
        String client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            Optional<InetAddress> hop = AddressRange.literal(hops.get(i));
            if (hop.isEmpty()) break;
            client = hop.get().getHostAddress();
            if (!isTrusted(hop.get(), trusted)) break;
        }
        return client;
    }

    /** Return whether the request came over HTTPS: directly, or as a trusted proxy says with {@code X-Forwarded-Proto}. */
    static boolean https(Context ctx, List<AddressRange> trusted) {
        if ("https".equalsIgnoreCase(ctx.req().getScheme())) return true;
        Optional<InetAddress> peer = AddressRange.literal(unbracket(ctx.req().getRemoteAddr()));
        return peer.isPresent() && isTrusted(peer.get(), trusted) && "https".equalsIgnoreCase(String.valueOf(ctx.header("X-Forwarded-Proto")).strip());
    }

    private static boolean isTrusted(InetAddress ip, List<AddressRange> trusted) {
        return trusted.stream().anyMatch(r -> r.contains(ip));
    }

    /** The hops of {@code Forwarded} ({@code for=} of each element), else of {@code X-Forwarded-For}, left to right. */
    private static List<String> hops(Context ctx) {
        List<String> out = new ArrayList<>();
        List<String> forwarded = ctx.req().getHeaders("Forwarded") == null ? List.of()
                : java.util.Collections.list(ctx.req().getHeaders("Forwarded"));
        if (!forwarded.isEmpty()) {
            for (String line : forwarded) {
                for (String element : line.split(",")) {
                    String hop = "";
                    for (String pair : element.split(";")) {
                        String p = pair.strip();
                        if (p.toLowerCase(Locale.ROOT).startsWith("for=")) hop = forValue(p.substring(4).strip());
                    }
                    out.add(hop);
                }
            }
            return out;
        }
        var xff = ctx.req().getHeaders("X-Forwarded-For");
        if (xff == null) return out;
        for (String line : java.util.Collections.list(xff)) {
            for (String hop : line.split(",")) out.add(unbracket(hop.strip()));
        }
        return out;
    }

    /** {@code "[2001:db8::1]:4711"} → {@code 2001:db8::1}; {@code 192.0.2.1:80} → {@code 192.0.2.1}. */
    private static String forValue(String v) {
        String s = v.startsWith("\"") && v.endsWith("\"") && v.length() >= 2 ? v.substring(1, v.length() - 1) : v;
        if (s.startsWith("[")) {
            int end = s.indexOf(']');
            return end < 0 ? "" : s.substring(1, end);
        }
        int colon = s.indexOf(':');
        return colon >= 0 && s.indexOf(':', colon + 1) < 0 ? s.substring(0, colon) : s;
    }

    private static String unbracket(String s) {
        if (s == null) return "";
        return s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
    }
}
