package dev.liveplane.media.protocol;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Holds STYLE.md items 1 and 4 for the wire-format packages: they know bytes only (nothing of the server, auth, the
 * fleet agent, recording or AWS) and never log. ArchitectureTest checks that every package named here exists.
 */
@AnalyzeClasses(packages = "dev.liveplane.media", importOptions = ImportOption.DoNotIncludeTests.class)
class ProtocolPackagesTest {

    @ArchTest
    static final ArchRule knowBytesOnly = noClasses().that().resideInAPackage("dev.liveplane.media.protocol..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "dev.liveplane.media.server..", "dev.liveplane.media.auth..", "dev.liveplane.media.fleet..",
                    "dev.liveplane.media.record..", "software.amazon..");

    @ArchTest
    static final ArchRule neverLog = noClasses().that().resideInAPackage("dev.liveplane.media.protocol..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.slf4j..", "ch.qos.logback..", "io.netty.util.internal.logging..", "java.util.logging..");
}
