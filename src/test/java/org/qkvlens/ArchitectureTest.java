package org.qkvlens;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The layers point one way: app → projection/probe → engine/data. Only the app package may touch JavaFX,
 * so the engine, the data readers and the command line run (and are tested) without a display.
 */
class ArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.qkvlens");

    @Test
    void nothingOutsideTheAppImportsJavaFx() {
        noClasses().that().resideOutsideOfPackage("org.qkvlens.app..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.fxyz3d..")
                .check(MAIN);
    }

    @Test
    void engineKnowsNothingAboveIt() {
        noClasses().that().resideInAPackage("org.qkvlens.engine..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.qkvlens.app..", "org.qkvlens.cli..", "org.qkvlens.probe..", "org.qkvlens.projection..")
                .check(MAIN);
    }

    @Test
    void dataKnowsNothingAboveIt() {
        noClasses().that().resideInAPackage("org.qkvlens.data..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.qkvlens.app..", "org.qkvlens.cli..", "org.qkvlens.probe..", "org.qkvlens.projection..",
                        "org.qkvlens.engine..")
                .check(MAIN);
    }

    @Test
    void onlyTheFrontEndsSeeTheFrontEnds() {
        noClasses().that().resideInAnyPackage("org.qkvlens.engine..", "org.qkvlens.data..", "org.qkvlens.probe..",
                        "org.qkvlens.projection..", "org.qkvlens.io..")
                .should().dependOnClassesThat().resideInAnyPackage("org.qkvlens.cli..", "org.qkvlens.app..")
                .check(MAIN);
    }
}
