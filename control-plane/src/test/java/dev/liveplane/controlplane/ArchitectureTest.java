package dev.liveplane.controlplane;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.repository.GenericRepository;
import io.micronaut.http.annotation.Controller;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiPredicate;

/**
 * Holds STYLE.md items 8-10 for the control plane: features meet only through the types they publish, the config
 * version lives in {@code config/}, and the generated API models stay in controllers. No breach is tolerated: the
 * last known ones (the node protocol bound to web models, node/ reading domain rows, the minter answering web models)
 * were removed in issue 12.
 */
@AnalyzeClasses(packages = ArchitectureTest.ROOT,
        importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.WrittenByHand.class})
class ArchitectureTest {

    static final String ROOT = "dev.liveplane.controlplane";
    private static final String WEB = "web";
    private static final String API_MODELS = ROOT + ".web.model";

    /**
     * Per feature (a package right under {@value #ROOT}), the types other features may use: its services, the
     * events it publishes and its ports. Everything else (repositories, rows, controllers, helpers) is its own.
     * The root package and {@code web/} (the HTTP layer) are shared by all and belong to no feature.
     */
    private static final Map<String, Set<String>> PUBLISHED = Map.ofEntries(
            entry("tenant", Set.of("TenantService", "TenantSummary")),
            entry("apikey", Set.of()),
            entry("domain", Set.of("DomainService", "TenantDomain", "DomainRemoved", "DomainNames",
                    "PlatformNames", "ServedDomains", "ServedDomain")),
            entry("signing", Set.of("SigningKeys")),
            entry("config", Set.of("ConfigVersion", "ConfigChange", "ConfigChangeLog")),
            entry("node", Set.of("NodeHeartbeatReceived", "NodeSilenced", "NodeStreamsAnnounced",
                    "StreamEventsReported")),
            entry("stream", Set.of()),
            entry("streamkey", Set.of("StreamKeySnapshot")),
            entry("callback", Set.of("WebhookEnqueuer", "WebhookData", "WebhookEvent", "TenantWebhooks",
                    "StandingWebhookData", "WebhookPayload", "RecordDoneData", "RecordFailedData")),
            // Recording: node/ hands it the reports it read and builds the snapshot's recording section with it.
            entry("recording", Set.of("RecordingReports", "RecordingSnapshot")),
            entry("operator", Set.of()),
            // What the local stack's URLs look like (bin/liveplane's local node); signing/ and stream keys use it.
            entry("urls", Set.of("LocalNodeUrls")),
            entry("secret", Set.of("PlatformSecrets", "SecretBox", "PrefixedSecret", "PrivateFiles")),
            entry("docs", Set.of()),
            // The web console: its built files at / and its browser sessions (a cookie, web/'s CookieCredentials).
            entry("console", Set.of()),
            // Usage reports over the rollups ingestion keeps: read only, nothing of theirs is anyone else's.
            entry("report", Set.of()),
            // Money: the ledger every movement of a tenant's balance or package bytes goes through.
            entry("billing", Set.of("Ledger", "LedgerEntry", "EntryKind", "Standing", "Purchases", "Adjustments",
                    "Accounts", "Account", "MonthCharges", "TrafficPackage", "Skus", "Sku", "SkuChange", "Statements",
                    "StatementFigures", "BillingConfiguration")),
            // Usage: the node's reported records go in through the recorder (node/ serves the route).
            entry("usage", Set.of("UsageRecorder", "MeteredUsage", "UsageKind", "UsageCounted")),
            // Charges metered traffic to packages and balances through billing/'s ledger; publishes nothing.
            entry("charging", Set.of()),
            // The DNS layer: its ports (with the changes a provider batch takes) and the implementations
            // domain/DnsFactory chooses between.
            entry("dns", Set.of("DnsProvider", "RecordChange", "DnsProviderException", "DomainChecker",
                    "DomainCheck", "DnsLookupException", "DnsJavaDomainChecker", "EmbeddedDnsServer",
                    "Route53DnsProvider")));

    @ArchTest
    static final ArchRule featuresMeetThroughPublishedTypes = classes().should(useOnly(
            "use another feature only through the services, events and ports it publishes",
            ArchitectureTest::sameFeatureOrPublished));

    @ArchTest
    static final ArchRule configVersionLivesInConfig = classes().that().haveSimpleNameStartingWith("ConfigVersion")
            .should().resideInAPackage(ROOT + ".config");

    @ArchTest
    static final ArchRule configDependsOnNoFeature = noClasses().that().resideInAPackage(ROOT + ".config..")
            .should().dependOnClassesThat(inAFeatureOtherThan("config"));

    @ArchTest
    static final ArchRule apiModelsStayInControllers = classes().should(useOnly(
            "use generated API models (" + API_MODELS + ") only in controllers and the HTTP layer (web/)",
            ArchitectureTest::mayUseApiModel));

    @ArchTest
    static void everyPackageIsAFeatureOrShared(JavaClasses classes) {
        Set<String> seen = new TreeSet<>();
        for (JavaClass c : classes) {
            String top = topPackage(c);
            if (!top.isEmpty() && !top.equals(WEB)) {
                assertThat(PUBLISHED).as("feature of %s (add the package to PUBLISHED)", c.getName())
                        .containsKey(top);
                seen.add(top);
            }
        }
        assertThat(seen).as("features with classes").containsExactlyInAnyOrderElementsOf(PUBLISHED.keySet());
    }

    @ArchTest
    static void publishedTypesAreServicesEventsOrPorts(JavaClasses classes) {
        PUBLISHED.forEach((feature, names) -> names.forEach(name -> {
            String qualified = ROOT + "." + feature + "." + name;
            assertThat(classes.contain(qualified)).as("%s exists", qualified).isTrue();
            JavaClass c = classes.get(qualified);
            assertThat(c.isAnnotatedWith(MappedEntity.class)).as("%s is a row", qualified).isFalse();
            assertThat(c.isAssignableTo(GenericRepository.class)).as("%s is a repository", qualified).isFalse();
            assertThat(c.isAnnotatedWith(Controller.class)).as("%s is a controller", qualified).isFalse();
        }));
    }

    /** Leaves out what Micronaut generates at compile time ({@code $X$Definition}, {@code X$Intercepted}...). */
    static final class WrittenByHand implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("/$") && !location.contains("$Intercepted");
        }
    }

    private static boolean sameFeatureOrPublished(JavaClass origin, JavaClass target) {
        String feature = feature(target);
        return feature == null || feature.equals(feature(origin))
                || PUBLISHED.get(feature).contains(topLevel(target).getSimpleName());
    }

    private static boolean mayUseApiModel(JavaClass origin, JavaClass target) {
        return !target.getPackageName().equals(API_MODELS) || topPackage(origin).equals(WEB)
                || topLevel(origin).isAnnotatedWith(Controller.class);
    }

    /** Checks each dependency of a class with {@code allowed}. */
    private static ArchCondition<JavaClass> useOnly(String description, BiPredicate<JavaClass, JavaClass> allowed) {
        return new ArchCondition<>(description) {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                for (Dependency d : origin.getDirectDependenciesFromSelf()) {
                    JavaClass target = d.getTargetClass().getBaseComponentType();
                    if (!allowed.test(origin, target)) {
                        events.add(SimpleConditionEvent.violated(d, use(origin, target) + ": " + d.getDescription()));
                    }
                }
            }
        };
    }

    private static DescribedPredicate<JavaClass> inAFeatureOtherThan(String feature) {
        return DescribedPredicate.describe("belong to a feature other than " + feature,
                c -> feature(c) != null && !feature.equals(feature(c)));
    }

    /** The feature a class belongs to, or null for shared and outside code. */
    private static String feature(JavaClass c) {
        String top = topPackage(c);
        return PUBLISHED.containsKey(top) ? top : null;
    }

    /** The package right under the root ({@code ""} for the root itself and for classes outside it). */
    private static String topPackage(JavaClass c) {
        String name = c.getPackageName();
        if (!name.startsWith(ROOT + ".")) {
            return "";
        }
        String rest = name.substring(ROOT.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    private static JavaClass topLevel(JavaClass c) {
        JavaClass top = c;
        while (top.getEnclosingClass().isPresent()) {
            top = top.getEnclosingClass().get();
        }
        return top;
    }

    private static String use(JavaClass origin, JavaClass target) {
        return relative(topLevel(origin)) + " -> " + relative(topLevel(target));
    }

    private static String relative(JavaClass c) {
        return c.getName().startsWith(ROOT + ".") ? c.getName().substring(ROOT.length() + 1) : c.getName();
    }
}
