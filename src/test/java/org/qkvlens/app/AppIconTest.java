package org.qkvlens.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.URL;
import javafx.scene.image.Image;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;

/**
 * The icon the window shows and the installers use (the pom's profile dist points jpackage at the same file) is on the
 * class path and decodes to the 256 × 256 image jpackage expects. Headless (Monocle).
 */
@ExtendWith(ApplicationExtension.class)
class AppIconTest {
    @Test
    void theWindowIconLoads() {
        URL url = QkvLensApp.class.getResource("qkv-lens.png");
        assertNotNull(url, "org/qkvlens/app/qkv-lens.png is missing from the class path");
        Image icon = new Image(url.toExternalForm());
        assertFalse(icon.isError(), () -> "the icon does not decode: " + icon.getException());
        assertEquals(256, icon.getWidth());
        assertEquals(256, icon.getHeight());
    }
}
