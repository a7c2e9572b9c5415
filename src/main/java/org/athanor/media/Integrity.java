package org.athanor.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdfparser.PDFParser;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;

/**
 * Cheap structural checks that tell a truncated file without decoding it: JPEG end-of-image marker, PNG IEND chunk,
 * GIF trailer, PDF {@code %%EOF}/{@code startxref} and a strict (non-lenient) parse of its cross-reference table and
 * trailer, ISO media (MP4, MOV, M4A, 3GP) top-level boxes that fit the file and a {@code moov} box, RIFF (WAV, AVI,
 * WebP) and TIFF headers whose declared sizes fit the file. Other types are not checked.
 */
public final class Integrity {
    private static final Pattern STARTXREF = Pattern.compile("startxref\\s+(\\d+)\\s+%%EOF");

    private Integrity() {}

    /** Return why the file is damaged, or empty when its structure looks whole (or the type is not checked). */
    public static Optional<String> problem(Path file, String mime) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            String m = mime.toLowerCase(Locale.ROOT);
            switch (m) {
                case "image/jpeg" -> {
                    ByteBuffer tail = tail(ch, size, 64 * 1024);
                    for (int i = tail.limit() - 2; i >= 0; i--) {
                        if ((tail.get(i) & 0xFF) == 0xFF && (tail.get(i + 1) & 0xFF) == 0xD9) return Optional.empty();
                    }
                    return Optional.of("the JPEG is truncated: it has no end-of-image marker");
                }
                case "image/png" -> {
                    return latin1(tail(ch, size, 64)).contains("IEND") ? Optional.empty() : Optional.of("the PNG is truncated: it has no IEND chunk");
                }
                case "image/gif" -> {
                    ByteBuffer tail = tail(ch, size, 16);
                    for (int i = tail.limit() - 1; i >= 0; i--) if (tail.get(i) == 0x3B) return Optional.empty();
                    return Optional.of("the GIF is truncated: it has no trailer");
                }
                case "application/pdf" -> {
                    return pdf(file, ch, size);
                }
                case "image/tiff" -> {
                    return tiff(ch, size);
                }
                default -> {
                    if (m.equals("video/mp4") || m.equals("video/quicktime") || m.equals("audio/mp4") || m.equals("video/x-m4v")
                            || m.equals("audio/x-m4a") || m.equals("video/3gpp") || m.equals("video/3gpp2") || m.equals("image/heic")
                            || m.equals("image/heif") || m.equals("image/avif")) {
                        return isoMedia(ch, size, m);
                    }
                    if (m.equals("audio/vnd.wave") || m.equals("audio/wav") || m.equals("audio/x-wav") || m.equals("video/x-msvideo")
                            || m.equals("image/webp")) {
                        return riff(ch, size);
                    }
                    return Optional.empty();
                }
            }
        }
    }

    /** {@code %%EOF} in the last 1024 bytes (ISO 32000-1, 7.5.5), a startxref offset inside the file, then a strict parse. */
    private static Optional<String> pdf(Path file, FileChannel ch, long size) throws IOException {
        String tail = latin1(tail(ch, size, 1024));
        if (!tail.contains("%%EOF")) {
            return Optional.of("the PDF is truncated: it does not end with %%EOF (expected in its last 1024 bytes)");
        }
        Matcher xref = STARTXREF.matcher(tail);
        long offset = -1;
        while (xref.find()) offset = Long.parseLong(xref.group(1));
        if (offset < 0 || offset >= size) {
            return Optional.of("the PDF is damaged: its startxref " + (offset < 0 ? "is missing" : "offset " + offset + " lies beyond its "
                    + size + " bytes"));
        }
        String at = latin1(read(ch, offset, 32)).stripLeading();
        if (!at.startsWith("xref") && !at.matches("(?s)^\\d+\\s+\\d+\\s+obj.*")) {
            return Optional.of("the PDF is damaged: its startxref offset " + offset + " points at neither an xref table nor an xref stream");
        }
        try (PDDocument ignored = new PDFParser(new RandomAccessReadBufferedFile(file.toFile())).parse(false)) {
            return Optional.empty();
        } catch (InvalidPasswordException e) {
            return Optional.empty();   // structure read up to the encryption dictionary; the password is not ours to know
        } catch (IOException e) {
            return Optional.of("the PDF is damaged: its cross-reference table or trailer cannot be read (" + e.getMessage() + ")");
        }
    }

    /** Top-level boxes (size + type) must tile the file exactly, and a movie needs its {@code moov} box. */
    private static Optional<String> isoMedia(FileChannel ch, long size, String mime) throws IOException {
        long pos = 0;
        boolean moov = false;
        boolean meta = false;
        int boxes = 0;
        while (pos < size) {
            if (size - pos < 8) return Optional.of("the " + label(mime) + " is truncated: " + (size - pos) + " stray byte(s) after its last box");
            ByteBuffer h = read(ch, pos, 16);
            long boxSize = h.getInt(0) & 0xFFFFFFFFL;
            String type = latin1(ByteBuffer.wrap(h.array(), 4, 4));
            if (boxSize == 1) {
                if (h.limit() < 16) return Optional.of("the " + label(mime) + " is truncated inside the '" + type + "' box header");
                boxSize = h.getLong(8);
            } else if (boxSize == 0) {
                boxSize = size - pos;                   // the last box runs to the end of the file
            }
            if (boxSize < 8) return Optional.of("the " + label(mime) + " is damaged: box '" + type + "' at byte " + pos + " has size " + boxSize);
            if (pos + boxSize > size) {
                return Optional.of("the " + label(mime) + " is truncated: box '" + type + "' at byte " + pos + " declares " + boxSize
                        + " bytes, the file ends " + (pos + boxSize - size) + " bytes short");
            }
            moov |= type.equals("moov");
            meta |= type.equals("meta");
            pos += boxSize;
            boxes++;
        }
        if (boxes == 0) return Optional.of("the " + label(mime) + " is empty");
        if (!moov && !(mime.startsWith("image/") && meta)) {
            return Optional.of("the " + label(mime) + " is damaged or truncated: it has no 'moov' box (the index of its tracks)");
        }
        return Optional.empty();
    }

    /** The RIFF chunk size (bytes 4..7, little endian) + 8 must not exceed the file. */
    private static Optional<String> riff(FileChannel ch, long size) throws IOException {
        ByteBuffer h = read(ch, 0, 12).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        if (h.limit() < 12 || !latin1(ByteBuffer.wrap(h.array(), 0, 4)).equals("RIFF")) return Optional.empty();
        long declared = (h.getInt(4) & 0xFFFFFFFFL) + 8;
        if (declared > size) {
            return Optional.of("the " + latin1(ByteBuffer.wrap(h.array(), 8, 4)).strip() + " file is truncated: its RIFF header declares "
                    + declared + " bytes, the file has " + size);
        }
        return Optional.empty();
    }

    /** The first image file directory must lie inside the file. */
    private static Optional<String> tiff(FileChannel ch, long size) throws IOException {
        ByteBuffer h = read(ch, 0, 8);
        if (h.limit() < 8) return Optional.of("the TIFF is truncated: " + size + " bytes, shorter than its header");
        if (h.get(0) == 'I') h.order(java.nio.ByteOrder.LITTLE_ENDIAN);
        if ((h.getShort(2) & 0xFFFF) != 42) return Optional.empty();    // BigTIFF (43) and others: not checked
        long ifd = h.getInt(4) & 0xFFFFFFFFL;
        if (ifd < 8 || ifd + 2 > size) {
            return Optional.of("the TIFF is truncated: its first image directory at byte " + ifd + " lies outside its " + size + " bytes");
        }
        return Optional.empty();
    }

    private static String label(String mime) {
        return switch (mime) {
            case "video/quicktime" -> "QuickTime movie";
            case "audio/mp4", "audio/x-m4a" -> "M4A audio file";
            case "image/heic", "image/heif" -> "HEIF image";
            case "image/avif" -> "AVIF image";
            default -> mime.startsWith("video/3gpp") ? "3GP movie" : "MP4 file";
        };
    }

    private static String latin1(ByteBuffer b) {
        return new String(b.array(), b.arrayOffset() + b.position(), b.remaining(), StandardCharsets.ISO_8859_1);
    }

    private static ByteBuffer read(FileChannel ch, long position, int max) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(max);
        ch.position(position);
        while (b.hasRemaining() && ch.read(b) > 0) {
            // read up to max bytes
        }
        b.flip();
        return b;
    }

    private static ByteBuffer tail(FileChannel ch, long size, int max) throws IOException {
        int n = (int) Math.min(size, max);
        return read(ch, size - n, n);
    }
}
