package org.qkvlens;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layers point one way: app → projection/probe → engine/data, with session below the front ends and interop
 * below cli and app. No two packages depend on each other, however indirectly (a package-level cycle hides behind a
 * clean file-level picture). Only the app package may touch JavaFX, so the engine, the data readers and the command
 * line run (and are tested) without a display; only the command line (and Main) writes to the standard streams.
 * Inside the app, export sits above the views and the figure builders below both.
 */
class ArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.qkvlens");

    @Test
    void noPackageCycles() {
        slices().matching("org.qkvlens.(**)").should().beFreeOfCycles().check(MAIN);
    }

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
                        "org.qkvlens.projection..", "org.qkvlens.io..", "org.qkvlens.session..", "org.qkvlens.interop..",
                        "org.qkvlens.store..", "org.qkvlens.joint..", "org.qkvlens.analysis..", "org.qkvlens.neighbours..")
                .should().dependOnClassesThat().resideInAnyPackage("org.qkvlens.cli..", "org.qkvlens.app..")
                .check(MAIN);
    }

    /** A training session is the engine, the data, the probes and the files they are kept in; nothing else of ours. */
    @Test
    void sessionStandsOnTheCoreOnly() {
        ofOursOnlyDependsOn("org.qkvlens.session..", "org.qkvlens.engine..", "org.qkvlens.data..", "org.qkvlens.probe..",
                "org.qkvlens.io..", "org.qkvlens.store..");
    }

    /** The snapshot store keeps probe captures in files: it knows the probes and the file formats, not training. */
    @Test
    void storeStandsOnProbesAndFilesOnly() {
        ofOursOnlyDependsOn("org.qkvlens.store..", "org.qkvlens.probe..", "org.qkvlens.io..", "org.qkvlens.data..");
    }

    /** Importing a PyTorch model is a session's business, below both front ends and beside the projections. */
    @Test
    void interopStandsOnSessionsAndTheCore() {
        ofOursOnlyDependsOn("org.qkvlens.interop..", "org.qkvlens.session..", "org.qkvlens.engine..", "org.qkvlens.data..",
                "org.qkvlens.probe..", "org.qkvlens.io..");
    }

    /** The joint query–key space is computed from probe captures and laid out by the projections, below the app. */
    @Test
    void jointStandsOnProbesAndProjectionsOnly() {
        ofOursOnlyDependsOn("org.qkvlens.joint..", "org.qkvlens.probe..", "org.qkvlens.projection..", "org.qkvlens.io..",
                "org.qkvlens.data..");
    }

    /** Cluster analysis reads snapshots' vectors as the projections do; no front end, no training. */
    @Test
    void analysisStandsOnProbesAndProjections() {
        ofOursOnlyDependsOn("org.qkvlens.analysis..", "org.qkvlens.probe..", "org.qkvlens.projection..", "org.qkvlens.io..",
                "org.qkvlens.data..", "org.qkvlens.session..");
    }

    /** Nearest neighbours are plain arrays in, indices out: of ours only the seeded sampler and the matrix product. */
    @Test
    void neighboursStandOnDataAndTheMatrixProduct() {
        ofOursOnlyDependsOn("org.qkvlens.neighbours..", "org.qkvlens.data..", "org.qkvlens.engine..");
    }

    /** Of the project's own packages, {@code layer} uses only itself and {@code below} (any library is fine). */
    private static void ofOursOnlyDependsOn(String layer, String... below) {
        String[] allowed = Stream.concat(Stream.of(layer), Stream.of(below)).toArray(String[]::new);
        noClasses().that().resideInAPackage(layer)
                .should().dependOnClassesThat(resideInAPackage("org.qkvlens..").and(not(resideInAnyPackage(allowed))))
                .check(MAIN);
    }

    /**
     * System.out, System.err and printStackTrace only in the command line (and Main, which reports a JVM it cannot
     * relaunch): everything else reports through what its front end hands it.
     */
    @Test
    void onlyTheCommandLineWritesToTheStandardStreams() {
        noClasses().that().resideOutsideOfPackage("org.qkvlens.cli..").and().doNotHaveFullyQualifiedName(Main.class.getName())
                .should(ACCESS_STANDARD_STREAMS)
                .check(MAIN);
    }

    @Test
    void viewsDoNotCallTheExport() {
        noClasses().that().resideInAPackage("org.qkvlens.app.view..")
                .should().dependOnClassesThat().resideInAPackage("org.qkvlens.app.export..")
                .check(MAIN);
    }

    /** Figures are values: they know no view, no export and no node or window (colours are values and allowed). */
    @Test
    void figuresKnowNoViewNoExportAndNoNode() {
        noClasses().that().resideInAPackage("org.qkvlens.app.figure..")
                .should().dependOnClassesThat().resideInAnyPackage("org.qkvlens.app.view..", "org.qkvlens.app.export..",
                        "javafx.scene", "javafx.scene.canvas..", "javafx.scene.layout..", "javafx.scene.shape..",
                        "javafx.scene.text..", "javafx.scene.control..", "javafx.stage..")
                .check(MAIN);
    }
}
