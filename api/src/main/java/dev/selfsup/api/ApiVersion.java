package dev.selfsup.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of this plugin API and of the DJL it was built against, read from the API jar itself
 * ({@code dev/selfsup/api/api.properties}, written by the build from the parent pom, their one home).
 *
 * <p>Compatibility rule: while the major version is 0, a plugin built for API {@code 0.m.x} runs on any
 * {@code 0.m.y}; from 1.0 on, on any {@code 1.y} of the same major. A plugin jar records the version it was
 * built with in its manifest ({@value #MANIFEST_API_VERSION}) next to the DJL version
 * ({@value #MANIFEST_DJL_VERSION}); the runtime refuses a jar built for another API minor or another DJL
 * minor, and warns for another DJL patch version.
 */
public final class ApiVersion {

    /** The manifest attribute holding the API version a plugin jar was built with. */
    public static final String MANIFEST_API_VERSION = "Selfsup-Api-Version";
    /** The manifest attribute holding the DJL version a plugin jar was built with. */
    public static final String MANIFEST_DJL_VERSION = "Selfsup-Djl-Version";

    private static final Properties PROPERTIES = load();

    private ApiVersion() {
    }

    /**
     * Returns this API's version.
     *
     * @return e.g. {@code 0.2.0}
     */
    public static String current() {
        return PROPERTIES.getProperty("api.version");
    }

    /**
     * Returns the DJL version this API was built against.
     *
     * @return e.g. {@code 0.36.0}
     */
    public static String djl() {
        return PROPERTIES.getProperty("djl.version");
    }

    /**
     * Returns whether a plugin built for one API version runs on another (same minor while 0.x, same major
     * from 1.0).
     *
     * @param builtFor the version the plugin was built with
     * @param running the version of the running framework
     * @return whether they are compatible
     * @throws IllegalArgumentException if a version is not {@code major.minor[.patch...]}
     */
    public static boolean compatible(String builtFor, String running) {
        int[] a = majorMinor(builtFor);
        int[] b = majorMinor(running);
        return a[0] == b[0] && (a[0] > 0 || a[1] == b[1]);
    }

    /**
     * Returns the major and minor numbers of a version.
     *
     * @param version {@code major.minor[.anything]}
     * @return {major, minor}
     * @throws IllegalArgumentException if it does not start with two numbers
     */
    public static int[] majorMinor(String version) {
        String[] parts = version == null ? new String[0] : version.trim().split("[.-]");
        try {
            return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a version (major.minor.patch): '" + version + "'", e);
        }
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = ApiVersion.class.getResourceAsStream("api.properties")) {
            if (in == null) {
                throw new IllegalStateException("dev/selfsup/api/api.properties is missing from the selfsup API jar");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dev/selfsup/api/api.properties", e);
        }
        return properties;
    }
}
