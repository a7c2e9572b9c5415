package org.athanor.storage;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Size and checksums of a file's content, read once: {@code sha256} (the record's checksum) and {@code md5} (the
 * etag of its file row), both lowercase hex.
 */
public record Digest(long size, String sha256, String md5) {
    /** Read {@code in} to its end and return its digest; the caller closes it. */
    public static Digest of(InputStream in) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            byte[] buf = new byte[1 << 16];
            long size = 0;
            for (int n; (n = in.read(buf)) > 0; size += n) {
                sha.update(buf, 0, n);
                md5.update(buf, 0, n);
            }
            return new Digest(size, HexFormat.of().formatHex(sha.digest()), HexFormat.of().formatHex(md5.digest()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java lacks SHA-256 or MD5", e);
        }
    }
}
