package dev.liveplane.controlplane.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.liveplane.controlplane.dns.FakeRoute53.Change;
import dev.liveplane.controlplane.dns.FakeRoute53.RecordSet;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.Route53Client;

/**
 * Route53DnsProvider through the real AWS SDK and real HTTP, against {@link FakeRoute53}: the one fake of the DNS
 * layer, standing in for Route53 because AWS cannot be reached from here.
 */
class Route53DnsProviderTest {

    private static final String ZONE_ID = "Z0123456789ABCDEFGHIJ";
    private static final String NAME = "push.example.com.acme.lv.live.example.net";

    private FakeRoute53 route53;
    private Route53Client client;
    private Route53DnsProvider provider;

    @BeforeEach
    void start() throws Exception {
        route53 = FakeRoute53.start(ZONE_ID);
        client = client(route53.endpoint());
        provider = new Route53DnsProvider(client, ZONE_ID, "Live.Example.NET.");
    }

    @AfterEach
    void stop() {
        client.close();
        route53.close();
    }

    @Test
    void theZoneIsNamedInLowerCaseWithoutTheTrailingDot() {
        assertThat(provider.zone()).isEqualTo("live.example.net");
    }

    @Test
    void upsertCnameSendsOneUpsertOfTheFullyQualifiedNameWithTtl60() {
        provider.upsertCname("Push.Example.com.acme.lv.live.example.net.", "edge1.live.example.net");

        assertThat(route53.batches()).containsExactly(List.of(
                new Change("UPSERT", new RecordSet(NAME + ".", "CNAME", 60, List.of("edge1.live.example.net.")))));
        FakeRoute53.Request post = route53.requests().get(route53.requests().size() - 1);
        assertThat(post.method()).isEqualTo("POST");
        assertThat(post.uri()).isEqualTo("/2013-04-01/hostedzone/" + ZONE_ID + "/rrset/");
        assertThat(post.body()).contains("<Action>UPSERT</Action>", "<Name>" + NAME + ".</Name>", "<Type>CNAME</Type>",
                "<TTL>60</TTL>", "<Value>edge1.live.example.net.</Value>");
        assertThat(route53.recordSets()).containsExactly(
                new RecordSet(NAME + ".", "CNAME", 60, List.of("edge1.live.example.net.")));
    }

    @Test
    void upsertAddressesSendsAnASetAndAnAaaaSet() {
        provider.upsertAddresses(NAME, List.of("192.0.2.10", "2001:db8::1", "192.0.2.11", "192.0.2.10"));

        assertThat(route53.batches()).containsExactly(List.of(
                new Change("UPSERT", new RecordSet(NAME + ".", "A", 60, List.of("192.0.2.10", "192.0.2.11"))),
                new Change("UPSERT", new RecordSet(NAME + ".", "AAAA", 60, List.of("2001:db8:0:0:0:0:0:1")))));
        assertThat(route53.recordSets()).hasSize(2);
    }

    @Test
    void addressesReplaceACnameInTheSameBatchWithItsExactValues() {
        route53.put(NAME, "CNAME", 300, "old-edge.live.example.net.");

        provider.upsertAddresses(NAME, List.of("192.0.2.10"));

        assertThat(route53.batches()).containsExactly(List.of(
                new Change("DELETE", new RecordSet(NAME + ".", "CNAME", 300, List.of("old-edge.live.example.net."))),
                new Change("UPSERT", new RecordSet(NAME + ".", "A", 60, List.of("192.0.2.10")))));
        assertThat(route53.recordSets()).containsExactly(new RecordSet(NAME + ".", "A", 60, List.of("192.0.2.10")));
    }

    @Test
    void anAddressFamilyNoLongerGivenIsDeleted() {
        route53.put(NAME, "A", 60, "192.0.2.10");
        route53.put(NAME, "AAAA", 60, "2001:db8::1");

        provider.upsertAddresses(NAME, List.of("192.0.2.20"));

        assertThat(route53.recordSets()).containsExactly(new RecordSet(NAME + ".", "A", 60, List.of("192.0.2.20")));
    }

    @Test
    void aCnameReplacesEverythingElseAtTheName() {
        route53.put(NAME, "A", 60, "192.0.2.10", "192.0.2.11");
        route53.put(NAME, "AAAA", 60, "2001:db8::1");
        route53.put(NAME, "TXT", 60, "\"note\"");

        provider.upsertCname(NAME, "edge1.live.example.net");

        assertThat(route53.batches().get(0)).extracting(Change::action)
                .containsExactly("DELETE", "DELETE", "DELETE", "UPSERT");
        assertThat(route53.recordSets()).containsExactly(
                new RecordSet(NAME + ".", "CNAME", 60, List.of("edge1.live.example.net.")));
    }

    @Test
    void deleteRemovesEverySetAtTheNameAndNothingBeside() {
        route53.put(NAME, "A", 60, "192.0.2.10", "192.0.2.11");
        route53.put(NAME, "AAAA", 120, "2001:db8::1");
        route53.put("pull." + NAME, "CNAME", 60, "edge1.live.example.net.");
        route53.put("zz.live.example.net", "A", 60, "192.0.2.99");

        provider.deleteRecords(NAME);

        assertThat(route53.batches()).containsExactly(List.of(
                new Change("DELETE", new RecordSet(NAME + ".", "A", 60, List.of("192.0.2.10", "192.0.2.11"))),
                new Change("DELETE", new RecordSet(NAME + ".", "AAAA", 120, List.of("2001:db8::1")))));
        assertThat(route53.recordSets()).extracting(RecordSet::name)
                .containsExactlyInAnyOrder("pull." + NAME + ".", "zz.live.example.net.");
        assertThat(route53.requests().get(0).uri()).contains("name=" + NAME + ".");
    }

    @Test
    void deletingAnAbsentNameChangesNothing() {
        route53.put("other.live.example.net", "A", 60, "192.0.2.99");

        provider.deleteRecords(NAME);

        assertThat(route53.batches()).isEmpty();
        assertThat(route53.requests()).extracting(FakeRoute53.Request::method).containsExactly("GET");
    }

    @Test
    void theSetsAtANameAreReadAcrossPages() {
        route53.pageSize(1);
        route53.put(NAME, "A", 60, "192.0.2.10");
        route53.put(NAME, "AAAA", 60, "2001:db8::1");
        route53.put(NAME, "TXT", 60, "\"note\"");

        provider.deleteRecords(NAME);

        assertThat(route53.recordSets()).isEmpty();
        assertThat(route53.requests()).filteredOn(r -> r.method().equals("GET")).hasSize(3);
        assertThat(route53.requests().get(1).uri()).contains("type=AAAA");
    }

    @Test
    void aRefusedChangeSaysWhatWasAttempted() {
        Route53DnsProvider wrongZone = new Route53DnsProvider(client, "ZNOTMINE", "live.example.net");

        assertThatThrownBy(() -> wrongZone.upsertCname(NAME, "edge1.live.example.net"))
                .isInstanceOf(DnsProviderException.class)
                .hasMessageContaining("list records at " + NAME)
                .hasMessageContaining("ZNOTMINE")
                .hasMessageContaining("No hosted zone found");
    }

    @Test
    void anUnreachableRoute53IsAProviderError() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (Route53Client unreachable = client(URI.create("http://127.0.0.1:" + closedPort))) {
            Route53DnsProvider down = new Route53DnsProvider(unreachable, ZONE_ID, "live.example.net");

            assertThatThrownBy(() -> down.deleteRecords(NAME))
                    .isInstanceOf(DnsProviderException.class)
                    .hasMessageContaining(NAME);
        }
    }

    @Test
    void namesOutsideTheZoneAndBadAddressesNeverReachRoute53() {
        assertThatThrownBy(() -> provider.upsertCname("www.example.org", "edge1.live.example.net"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> provider.deleteRecords("live.example.net"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> provider.upsertAddresses(NAME, List.of("edge1.live.example.net")))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(route53.requests()).isEmpty();
    }

    @Test
    void aThousandNodeNamesAreWrittenInTwoRequestsAndRewrittenForFourReads() {
        route53.put("nodes-x.live.example.net", "A", 60, "192.0.2.98"); // listed before nodes., never read
        route53.put("zz.live.example.net", "A", 60, "192.0.2.99");
        List<RecordChange> fleet = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            fleet.add(new RecordChange.UpsertAddresses(node(i), List.of(address(i))));
        }

        provider.apply(fleet);

        // Nothing below nodes. yet: one read; then 1,000 upserts at 2 records each, 500 a request.
        assertThat(route53.requests()).extracting(FakeRoute53.Request::method)
                .containsExactly("GET", "POST", "POST");
        assertThat(route53.batches()).extracting(List::size).containsExactly(500, 500);
        assertThat(route53.recordSets()).hasSize(1_002).contains(
                new RecordSet(node(0) + ".", "A", 60, List.of(address(0))),
                new RecordSet(node(999) + ".", "A", 60, List.of(address(999))));

        // The schedule's rewrite of names already right: pages of 300 over nodes., no change sent.
        route53.put(node(7), "A", 60, "198.51.100.7"); // moved by someone else meanwhile
        int before = route53.requests().size();
        provider.apply(fleet);

        assertThat(route53.requests().subList(before, route53.requests().size()))
                .extracting(FakeRoute53.Request::method).containsExactly("GET", "GET", "GET", "GET", "POST");
        assertThat(route53.batches().get(2)).containsExactly(
                new Change("UPSERT", new RecordSet(node(7) + ".", "A", 60, List.of(address(7)))));
    }

    @Test
    void aBatchIsSplitWhereTheValuesWouldPassRoute53sCharacterLimit() {
        List<RecordChange> batch = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            // 38 characters, twice for an UPSERT: 421 fit in 32,000, though 500 would fit the 1,000 records.
            String address = String.format("2001:db8:ffff:ffff:ffff:ffff:ffff:%04x", 0x1000 + i);
            batch.add(new RecordChange.UpsertAddresses(node(i), List.of(address)));
        }

        provider.apply(batch);

        assertThat(route53.batches()).extracting(List::size).containsExactly(421, 79);
        assertThat(route53.recordSets()).hasSize(500);
    }

    @Test
    void aBatchDeletesWhatIsThereAndMovesWhatChangedInOneRequest() {
        route53.put(node(1), "A", 60, "192.0.2.1");
        route53.put(node(2), "A", 60, "192.0.2.2");
        route53.put(node(3), "AAAA", 60, "2001:db8::3");

        provider.apply(List.of(new RecordChange.DeleteRecords(node(1)), new RecordChange.DeleteRecords(node(9)),
                new RecordChange.UpsertAddresses(node(2), List.of("192.0.2.2")),
                new RecordChange.UpsertAddresses(node(3), List.of("192.0.2.3"))));

        assertThat(route53.batches()).containsExactly(List.of(
                new Change("DELETE", new RecordSet(node(1) + ".", "A", 60, List.of("192.0.2.1"))),
                new Change("DELETE", new RecordSet(node(3) + ".", "AAAA", 60, List.of("2001:db8::3"))),
                new Change("UPSERT", new RecordSet(node(3) + ".", "A", 60, List.of("192.0.2.3")))));
        assertThat(route53.recordSets()).containsExactly(
                new RecordSet(node(2) + ".", "A", 60, List.of("192.0.2.2")),
                new RecordSet(node(3) + ".", "A", 60, List.of("192.0.2.3")));
    }

    @Test
    void aNameTwiceInABatchOrABadAddressAnywhereSendsNothing() {
        assertThatThrownBy(() -> provider.apply(List.of(new RecordChange.DeleteRecords(node(1)),
                new RecordChange.UpsertAddresses(node(1).toUpperCase(Locale.ROOT), List.of("192.0.2.1")))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("changed twice");
        assertThatThrownBy(() -> provider.apply(List.of(
                new RecordChange.UpsertAddresses(node(1), List.of("192.0.2.1")),
                new RecordChange.UpsertAddresses(node(2), List.of("not-an-address")))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not-an-address");

        assertThat(route53.requests()).isEmpty();
    }

    private static String node(int i) {
        return "n" + i + ".nodes.live.example.net";
    }

    private static String address(int i) {
        return "10.0." + (i / 250) + "." + (i % 250);
    }

    private static Route53Client client(URI endpoint) {
        return Route53Client.builder()
                .endpointOverride(endpoint)
                .region(Region.AWS_GLOBAL)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .build();
    }
}
