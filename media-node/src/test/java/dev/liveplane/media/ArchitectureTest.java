package dev.liveplane.media;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * Holds the node's layering (issue 12, "Architecture rules that can fail"): the stream core knows no delivery
 * protocol's server, and server code knows nothing of auth, whose only way in is the ports the server declares
 * ({@code PublishAuthorizer}, {@code PlayAuthorizer}, {@code StreamRequest}, {@code RelayTokenIssuer}). The protocol
 * packages' rules are {@code ProtocolPackagesTest}'s. Every package a rule names must exist, so a rename cannot
 * turn a rule into one that checks nothing.
 */
@AnalyzeClasses(packages = "dev.liveplane.media", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    static final String STREAM = "dev.liveplane.media.server.stream";
    static final String HLS = "dev.liveplane.media.server.hls";
    static final String RTMP = "dev.liveplane.media.server.rtmp";
    static final String HTTP = "dev.liveplane.media.server.http";
    static final String SERVER = "dev.liveplane.media.server";
    static final String AUTH = "dev.liveplane.media.auth";
    static final String PROTOCOL = "dev.liveplane.media.protocol";
    static final String FLEET = "dev.liveplane.media.fleet";
    static final String USAGE = "dev.liveplane.media.server.usage";
    static final String RECORD = "dev.liveplane.media.record";

    /** LiveStream fans out to viewers and to the StreamSink port; HLS, RTMP and HTTP-FLV plug into it from outside. */
    @ArchTest
    static final ArchRule streamCoreKnowsNoProtocolServer = noClasses().that().resideInAPackage(STREAM + "..")
            .should().dependOnClassesThat().resideInAnyPackage(HLS + "..", RTMP + "..", HTTP + "..", USAGE + "..")
            .because("server.stream is the core every delivery protocol and the usage meter plug into (StreamSink, "
                    + "FrameEncoder, SentBytes)");

    /** The usage meter plugs into the stream core's ports; the protocol servers call it, never the reverse. */
    @ArchTest
    static final ArchRule usageKnowsNoProtocolServer = noClasses().that().resideInAPackage(USAGE + "..")
            .should().dependOnClassesThat().resideInAnyPackage(HLS + "..", RTMP + "..", HTTP + "..", FLEET + "..")
            .because("the protocol servers tell the meter whose bytes they write; the fleet carries its records");

    /** Server code reaches auth only through the ports it declares itself; the composition roots wire auth in. */
    @ArchTest
    static final ArchRule serverKnowsNoAuthInternals = noClasses().that().resideInAPackage(SERVER + "..")
            .should().dependOnClassesThat().resideInAPackage(AUTH + "..")
            .because("auth plugs into the server's ports (PublishAuthorizer, PlayAuthorizer, RelayTokenIssuer)");

    /** The recorder is a stream sink beside HLS; the server never reaches into it, and it knows no fleet or auth. */
    @ArchTest
    static final ArchRule serverKnowsNoRecorder = noClasses().that().resideInAPackage(SERVER + "..")
            .should().dependOnClassesThat().resideInAPackage(RECORD + "..")
            .because("recording plugs into the StreamSink port; the composition roots wire it in");

    @ArchTest
    static final ArchRule recorderKnowsNoFleetOrAuth = noClasses().that().resideInAPackage(RECORD + "..")
            .should().dependOnClassesThat().resideInAnyPackage(FLEET + "..", AUTH + "..", RTMP + "..", HTTP + "..")
            .because("the recorder takes its config and hands its reports through ports (RecordingConfig, "
                    + "RecordingReports, ObjectStore)");

    @ArchTest
    static void everyPackageARuleNamesExists(JavaClasses classes) {
        for (String name : List.of(STREAM, HLS, RTMP, HTTP, SERVER, AUTH, PROTOCOL, FLEET, USAGE, RECORD)) {
            assertThat(classes.containPackage(name)).as("package %s", name).isTrue();
        }
    }
}
