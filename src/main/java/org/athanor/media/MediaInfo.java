package org.athanor.media;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.athanor.databox.RecordType;

/**
 * What a file is and what it says about itself, read before anything is stored.
 *
 * @param mime      media type detected from the content (the name only when the content does not tell)
 * @param type      the record type group the media type belongs to
 * @param extension lowercase extension to store the file with, without dot (from the name, else from the type)
 * @param size      bytes
 * @param width     pixels, read from the header only; null when not an image or video, or unknown
 * @param height    pixels, as {@code width}
 * @param tags      metadata values by {@code Group:Tag} (ExifTool's family-1 groups: {@code IFD0:Model},
 *                  {@code IPTC:Keywords}, {@code XMP-dc:Title}); several values for list tags
 * @param technical technical data by Phraseanet's names ({@code Width}, {@code Height}, {@code Duration},
 *                  {@code ColorSpace}, {@code Orientation}…)
 * @param uuid      the document's UUID found in its metadata, lowercase
 */
public record MediaInfo(String mime, RecordType type, String extension, long size, Integer width, Integer height,
                        Map<String, List<String>> tags, Map<String, String> technical, Optional<String> uuid) {
    public MediaInfo {
        tags = Map.copyOf(tags);
        technical = Map.copyOf(technical);
    }

    /** Return the pixel count the header declares, 0 when unknown. */
    public long pixels() {
        return width == null || height == null ? 0 : (long) width * height;
    }

    /** Return the values of a tag, matched ignoring case ({@code IPTC:Keywords}); empty when absent. */
    public List<String> tag(String groupAndName) {
        for (var e : tags.entrySet()) if (e.getKey().equalsIgnoreCase(groupAndName)) return e.getValue();
        return List.of();
    }
}
