package org.athanor.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/** Cheap structural checks that tell a truncated image without decoding it. */
public final class Integrity {
    private Integrity() {}

    /** Return why the file is damaged, or empty when its structure looks whole (or the type is not checked). */
    public static Optional<String> problem(Path file, String mime) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            switch (mime) {
                case "image/jpeg" -> {
                    ByteBuffer tail = tail(ch, size, 64 * 1024);
                    for (int i = tail.limit() - 2; i >= 0; i--) {
                        if ((tail.get(i) & 0xFF) == 0xFF && (tail.get(i + 1) & 0xFF) == 0xD9) return Optional.empty();
                    }
                    return Optional.of("the JPEG is truncated: it has no end-of-image marker");
                }
                case "image/png" -> {
                    ByteBuffer tail = tail(ch, size, 64);
                    String s = new String(tail.array(), 0, tail.limit(), java.nio.charset.StandardCharsets.ISO_8859_1);
                    return s.contains("IEND") ? Optional.empty() : Optional.of("the PNG is truncated: it has no IEND chunk");
                }
                case "image/gif" -> {
                    ByteBuffer tail = tail(ch, size, 16);
                    for (int i = tail.limit() - 1; i >= 0; i--) if (tail.get(i) == 0x3B) return Optional.empty();
                    return Optional.of("the GIF is truncated: it has no trailer");
                }
                default -> {
                    return Optional.empty();
                }
            }
        }
    }

    private static ByteBuffer tail(FileChannel ch, long size, int max) throws IOException {
        int n = (int) Math.min(size, max);
        ByteBuffer b = ByteBuffer.allocate(n);
        ch.position(size - n);
        while (b.hasRemaining() && ch.read(b) > 0) {
            // read to the end
        }
        b.flip();
        return b;
    }
}
