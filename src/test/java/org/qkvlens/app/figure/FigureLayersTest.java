package org.qkvlens.app.figure;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Export sits above the views and the figure builders below both: the views never call the export, and the
 * figures know neither, nor any node or window (colours are values and allowed).
 */
class FigureLayersTest {
    private static final JavaClasses APP = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.qkvlens.app");

    @Test
    void viewsDoNotCallTheExport() {
        noClasses().that().resideInAPackage("org.qkvlens.app.view..")
                .should().dependOnClassesThat().resideInAPackage("org.qkvlens.app.export..")
                .check(APP);
    }

    @Test
    void figuresKnowNoViewNoExportAndNoNode() {
        noClasses().that().resideInAPackage("org.qkvlens.app.figure..")
                .should().dependOnClassesThat().resideInAnyPackage("org.qkvlens.app.view..", "org.qkvlens.app.export..",
                        "javafx.scene", "javafx.scene.canvas..", "javafx.scene.layout..", "javafx.scene.shape..",
                        "javafx.scene.text..", "javafx.scene.control..", "javafx.stage..")
                .check(APP);
    }
}
