package dev.liveplane.media;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Holds the wire-format/behaviour split of STYLE.md item 1. */
class ArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.liveplane.media");

    @Test
    void protocolPackagesKnowBytesOnly() {
        noClasses().that().resideInAPackage("dev.liveplane.media.protocol..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.liveplane.media.server..",
                        "dev.liveplane.media.record..", "software.amazon..", "io.micrometer..", "org.slf4j..")
                .check(classes);
    }
}
