package dev.selfsup.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;

/** Builds small npm tarballs and Debian packages in memory. */
final class TestArchives {

    private TestArchives() {
    }

    /** A tar of the given entries (name to UTF-8 content), compressed with gzip. */
    static byte[] tarGz(Map<String, String> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gz = new GzipCompressorOutputStream(bytes)) {
            writeTar(gz, entries);
        }
        return bytes.toByteArray();
    }

    /** A tar of the given entries, compressed with xz. */
    static byte[] tarXz(Map<String, String> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream xz = new XZCompressorOutputStream(bytes)) {
            writeTar(xz, entries);
        }
        return bytes.toByteArray();
    }

    /** A Debian package whose data member, named {@code dataMemberName}, holds {@code data}. */
    static byte[] deb(String dataMemberName, byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ArArchiveOutputStream ar = new ArArchiveOutputStream(bytes)) {
            addMember(ar, "debian-binary", "2.0\n".getBytes(StandardCharsets.US_ASCII));
            addMember(ar, "control.tar.gz", tarGz(Map.of("./control", "Package: test\n")));
            addMember(ar, dataMemberName, data);
        }
        return bytes.toByteArray();
    }

    private static void addMember(ArArchiveOutputStream ar, String name, byte[] content) throws IOException {
        ar.putArchiveEntry(new ArArchiveEntry(name, content.length));
        ar.write(content);
        ar.closeArchiveEntry();
    }

    private static void writeTar(OutputStream out, Map<String, String> entries) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        for (Map.Entry<String, String> e : entries.entrySet()) {
            if (e.getValue().startsWith("->") || e.getValue().startsWith("=>")) {
                // "-> target": a symbolic link; "=> target": a hard link
                TarArchiveEntry link = new TarArchiveEntry(e.getKey(), e.getValue().startsWith("->")
                        ? TarArchiveEntry.LF_SYMLINK : TarArchiveEntry.LF_LINK);
                link.setLinkName(e.getValue().substring(2).strip());
                tar.putArchiveEntry(link);
                tar.closeArchiveEntry();
                continue;
            }
            TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
            if (!e.getKey().endsWith("/")) {
                byte[] content = e.getValue().getBytes(StandardCharsets.UTF_8);
                entry.setSize(content.length);
                tar.putArchiveEntry(entry);
                tar.write(content);
            } else {
                tar.putArchiveEntry(entry);
            }
            tar.closeArchiveEntry();
        }
        tar.finish();
    }
}
