package dev.selfsup.api;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiVersionTest {

    @Test
    void theVersionsComeFromTheBuild() {
        assertTrue(ApiVersion.current().matches("\\d+\\.\\d+\\.\\d+"), ApiVersion.current());
        assertEquals(ai.djl.engine.Engine.getDjlVersion(), ApiVersion.djl(), "the API is built against the DJL it runs");
    }

    @Test
    void zeroMinorVersionsAreIncompatibleWithEachOther() {
        assertTrue(ApiVersion.compatible("0.2.0", "0.2.7"));
        assertFalse(ApiVersion.compatible("0.1.0", "0.2.0"));
        assertFalse(ApiVersion.compatible("0.3.0", "0.2.0"));
        assertTrue(ApiVersion.compatible("1.0.0", "1.4.2"));
        assertFalse(ApiVersion.compatible("1.0.0", "2.0.0"));
        assertTrue(ApiVersion.compatible("0.2.0-SNAPSHOT", "0.2.0"));
    }

    @Test
    void aMalformedVersionIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ApiVersion.compatible("two", "0.2.0"));
        assertEquals("not a version (major.minor.patch): 'two'", e.getMessage());
    }
}
