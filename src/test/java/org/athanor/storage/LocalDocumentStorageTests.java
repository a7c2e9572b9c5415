package org.athanor.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.athanor.core.AthanorException;
import org.athanor.ids.RecordId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The local document storage")
class LocalDocumentStorageTests {
    @TempDir Path root;
    @TempDir Path sources;
    @TempDir Path lazaret;
    LocalDocumentStorage storage;

    @BeforeEach
    void open() {
        storage = new LocalDocumentStorage(root, lazaret, Clock.fixed(Instant.parse("2026-11-25T23:30:00Z"), ZoneOffset.UTC));
    }

    Path source(String text) throws Exception {
        return Files.writeString(Files.createTempFile(sources, "src", ".bin"), text);
    }

    @Test
    @DisplayName("keeps Phraseanet's layout, with paths relative to the data root")
    void layout() throws Exception {
        StoredFile doc = storage.store("db_demo", DocumentStorage.Area.DOCUMENTS, new RecordId(12), "document", "jpg", source("x"), null);
        StoredFile thumb = storage.store("db_demo", DocumentStorage.Area.SUBDEFS, new RecordId(12), "thumbnail", "jpg", source("yy"), null);
        assertThat(doc).isEqualTo(new StoredFile("db_demo/documents/2026/11/25/00001", "12_document.jpg", 1));
        assertThat(thumb).isEqualTo(new StoredFile("db_demo/subdefs/2026/11/25/00001", "12_thumbnail.jpg", 2));
        assertThat(storage.localPath(thumb)).isEqualTo(root.resolve("db_demo/subdefs/2026/11/25/00001/12_thumbnail.jpg"));
        assertThat(Files.readString(storage.localPath(doc))).isEqualTo("x");
    }

    @Test
    @DisplayName("opens a new NNNNN folder past 100 records, and keeps a record's files together")
    void rollsOver() throws Exception {
        Path src = source("data");
        for (int r = 1; r <= 100; r++) storage.store("db", DocumentStorage.Area.SUBDEFS, new RecordId(r), "thumbnail", "jpg", src, null);
        StoredFile again = storage.store("db", DocumentStorage.Area.SUBDEFS, new RecordId(100), "preview", "jpg", src, null);
        StoredFile next = storage.store("db", DocumentStorage.Area.SUBDEFS, new RecordId(101), "thumbnail", "jpg", src, null);
        assertThat(again.folder()).endsWith("/00001");
        assertThat(next.folder()).endsWith("/00002");
    }

    @Test
    @DisplayName("overwrites in place and leaves no temporary file")
    void overwrites() throws Exception {
        StoredFile first = storage.store("db", DocumentStorage.Area.SUBDEFS, new RecordId(1), "preview", "jpg", source("old"), null);
        StoredFile second = storage.store("db", DocumentStorage.Area.SUBDEFS, new RecordId(1), "preview", "jpg", source("new!"), first.folder());
        assertThat(second.folder()).isEqualTo(first.folder());
        assertThat(Files.readString(storage.localPath(second))).isEqualTo("new!");
        try (Stream<Path> files = Files.walk(root)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())).containsExactly("1_preview.jpg");
        }
    }

    @Test
    @DisplayName("refuses names that would leave the data root")
    void refusesEscapes() throws Exception {
        Path src = source("x");
        assertThatThrownBy(() -> storage.store("../etc", DocumentStorage.Area.DOCUMENTS, new RecordId(1), "document", "jpg", src, null))
                .isInstanceOf(AthanorException.class).hasMessageContaining("cannot be a folder name");
        assertThatThrownBy(() -> storage.store("db", DocumentStorage.Area.DOCUMENTS, new RecordId(1), "document", "j/pg", src, null))
                .isInstanceOf(AthanorException.class).hasMessageContaining("is not allowed");
        assertThatThrownBy(() -> new StoredFile("db/../../etc", "passwd", 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("tells whether a stored file exists, where it is and its size and checksums")
    void existsDescribeDigest() throws Exception {
        StoredFile doc = storage.store("db_demo", DocumentStorage.Area.DOCUMENTS, new RecordId(3), "document", "txt", source("abc"), null);
        assertThat(storage.exists(doc)).isTrue();
        assertThat(storage.describe(doc)).isEqualTo(root.resolve("db_demo/documents/2026/11/25/00001/3_document.txt").toString());
        assertThat(storage.digest(doc)).isEqualTo(new Digest(3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                "900150983cd24fb0d6963f7d28e17f72"));
        storage.deleteFile(doc.folder(), doc.file());
        assertThat(storage.exists(doc)).isFalse();
    }

    @Test
    @DisplayName("keeps lazaret copies under unique plain names in the lazaret folder, and refuses a name leaving it")
    void quarantine() throws Exception {
        String a = storage.quarantine(source("held back"), "jpg");
        String b = storage.quarantine(source("held back"), "../x");
        assertThat(a).matches("[0-9a-f-]{36}\\.jpg");
        assertThat(b).endsWith(".bin");
        assertThat(Files.readString(storage.quarantined(a))).isEqualTo("held back");
        assertThat(storage.quarantined(a).getParent()).isEqualTo(lazaret.toAbsolutePath().normalize());
        try (var list = Files.list(lazaret)) {
            assertThat(list.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(a, b);   // no temporary file left
        }
        assertThatThrownBy(() -> storage.quarantined("../escape.jpg")).hasMessageContaining("is not a plain name in");
        storage.deleteQuarantined(a);
        assertThat(storage.quarantined(a)).doesNotExist();
    }
}
