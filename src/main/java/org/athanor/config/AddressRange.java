package org.athanor.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An IP address or a block of addresses in CIDR notation ({@code 10.0.0.0/8}, {@code ::1}, {@code fd00::/8}), as
 * listed in {@code http.trusted_proxies}. Host bits under the prefix are ignored: {@code 127.0.0.1/8} is
 * {@code 127.0.0.0/8}.
 */
public record AddressRange(String text, byte[] network, int prefix) {
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    public AddressRange {
        if (prefix < 0 || prefix > network.length * 8)
            throw new ConfigException("'" + text + "': the prefix length must be 0 to " + network.length * 8);
        network = mask(network.clone(), prefix);
    }

    /**
     * Read {@code 192.0.2.10}, {@code 192.0.2.0/24}, {@code ::1} or {@code 2001:db8::/32}; host names are refused
     * (nothing is looked up).
     *
     * @throws ConfigException saying what is expected, with an example
     */
    public static AddressRange parse(String text) {
        String s = text == null ? "" : text.strip();
        int slash = s.indexOf('/');
        String address = slash < 0 ? s : s.substring(0, slash);
        Optional<InetAddress> ip = literal(address);
        if (ip.isEmpty())
            throw new ConfigException("'" + text + "' is not an IP address or a CIDR block. Example: 127.0.0.1, 10.0.0.0/8 or ::1");
        byte[] bytes = ip.get().getAddress();
        int prefix = bytes.length * 8;
        if (slash >= 0) {
            String p = s.substring(slash + 1);
            if (!p.matches("[0-9]{1,3}") || Integer.parseInt(p) > bytes.length * 8)
                throw new ConfigException("'" + text + "': the prefix length after '/' must be a whole number from 0 to "
                        + bytes.length * 8 + ". Example: " + address + "/" + (bytes.length == 4 ? 24 : 64));
            prefix = Integer.parseInt(p);
        }
        return new AddressRange(s, bytes, prefix);
    }

    /** Return the address written in {@code s} when it is an IPv4 or IPv6 literal; never asks a DNS server. */
    public static Optional<InetAddress> literal(String s) {
        if (s == null || !(IPV4.matcher(s).matches() || IPV6.matcher(s).matches())) return Optional.empty();
        if (IPV4.matcher(s).matches()) {
            for (String part : s.split("\\.")) if (Integer.parseInt(part) > 255) return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(s));   // a literal: parsed, not resolved
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** Return whether {@code address} lies in this range; an IPv4 address never lies in an IPv6 range, nor the reverse. */
    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length != network.length) return false;
        return java.util.Arrays.equals(mask(a, prefix), network);
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        for (int i = 0; i < bytes.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            bytes[i] &= (byte) (0xff << (8 - keep));
        }
        return bytes;
    }

    @Override public boolean equals(Object o) {
        return o instanceof AddressRange r && r.prefix == prefix && java.util.Arrays.equals(r.network, network);
    }

    @Override public int hashCode() {
        return java.util.Arrays.hashCode(network) * 31 + prefix;
    }

    @Override public String toString() {
        return text;
    }
}
