package dev.selfsup.api.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 digests as lower-case hex strings. */
public final class Sha256 {

    private Sha256() {
    }

    /**
     * Hashes a file.
     *
     * @param file the file
     * @return its SHA-256 as 64 lower-case hex digits
     * @throws DataException if the file cannot be read
     */
    public static String of(Path file) {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new DataException("cannot read " + file + " to compute its SHA-256: " + e, e);
        }
        return hex(digest);
    }

    /**
     * Creates a fresh SHA-256 digest, for hashing data while it streams past.
     *
     * @return the digest
     */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    /**
     * Completes a digest and formats it.
     *
     * @param digest a digest made by {@link #newDigest()}, fed with the data
     * @return the hash as lower-case hex digits
     */
    public static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }
}
