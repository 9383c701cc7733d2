package dev.liveplane.controlplane.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.liveplane.controlplane.dns.Dig.Transport;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

class EmbeddedDnsServerTest {

    private static final String ZONE = "liveplane.test";
    private static final String TENANT_ZONE = "example.com";

    private EmbeddedDnsServer dns;
    private int port;

    @BeforeEach
    void start() {
        dns = EmbeddedDnsServer.start(List.of(ZONE, TENANT_ZONE), "127.0.0.1", 0);
        port = dns.port();
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void answersAddressRecordsAuthoritatively(Transport transport) throws IOException {
        dns.upsertAddresses("edge1.liveplane.test", List.of("192.0.2.10", "192.0.2.11", "2001:db8::1"));

        Message a = Dig.query(port, transport, "edge1.liveplane.test", Type.A);
        Message aaaa = Dig.query(port, transport, "edge1.liveplane.test", Type.AAAA);

        assertThat(a.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(a.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(rrs(a, Section.ANSWER)).containsExactlyInAnyOrder(
                "edge1.liveplane.test. 60 A 192.0.2.10", "edge1.liveplane.test. 60 A 192.0.2.11");
        assertThat(rrs(aaaa, Section.ANSWER)).containsExactly("edge1.liveplane.test. 60 AAAA 2001:db8:0:0:0:0:0:1");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void followsACnameToItsTargetInsideTheZone(Transport transport) throws IOException {
        dns.upsertAddresses("edge1.liveplane.test", List.of("192.0.2.10"));
        dns.upsertCname("push.example.com.acme.lv.liveplane.test", "edge1.liveplane.test");

        Message a = Dig.query(port, transport, "push.example.com.acme.lv.liveplane.test", Type.A);
        Message cname = Dig.query(port, transport, "push.example.com.acme.lv.liveplane.test", Type.CNAME);

        assertThat(rrs(a, Section.ANSWER)).containsExactly(
                "push.example.com.acme.lv.liveplane.test. 60 CNAME edge1.liveplane.test.",
                "edge1.liveplane.test. 60 A 192.0.2.10");
        assertThat(rrs(cname, Section.ANSWER)).containsExactly(
                "push.example.com.acme.lv.liveplane.test. 60 CNAME edge1.liveplane.test.");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void leavesACnameOutsideItsZonesToTheResolver(Transport transport) throws IOException {
        dns.upsertCname("hls.liveplane.test", "d111111abcdef8.cloudfront.net");

        Message a = Dig.query(port, transport, "hls.liveplane.test", Type.A);

        assertThat(a.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(rrs(a, Section.ANSWER))
                .containsExactly("hls.liveplane.test. 60 CNAME d111111abcdef8.cloudfront.net.");
        assertThat(a.getSection(Section.AUTHORITY)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aCnameToAMissingNameInTheZoneEndsInNxdomain(Transport transport) throws IOException {
        dns.upsertCname("old.liveplane.test", "gone.liveplane.test");

        Message a = Dig.query(port, transport, "old.liveplane.test", Type.A);

        // RFC 6604: the rcode speaks for the last name of the chain.
        assertThat(a.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(rrs(a, Section.ANSWER)).containsExactly("old.liveplane.test. 60 CNAME gone.liveplane.test.");
        assertThat(types(a, Section.AUTHORITY)).containsExactly("liveplane.test. SOA");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void theApexHasSoaAndNsAndTheNameServerResolves(Transport transport) throws IOException {
        Message soa = Dig.query(port, transport, ZONE, Type.SOA);
        Message ns = Dig.query(port, transport, ZONE, Type.NS);
        Message nsAddress = Dig.query(port, transport, "ns.liveplane.test", Type.A);

        assertThat(soa.getHeader().getFlag(Flags.AA)).isTrue();
        SOARecord record = (SOARecord) soa.getSection(Section.ANSWER).get(0);
        assertThat(record.getHost()).isEqualTo(Dig.absolute("ns.liveplane.test"));
        assertThat(record.getAdmin()).isEqualTo(Dig.absolute("hostmaster.liveplane.test"));
        assertThat(rrs(ns, Section.ANSWER)).containsExactly("liveplane.test. 60 NS ns.liveplane.test.");
        assertThat(rrs(nsAddress, Section.ANSWER)).containsExactly("ns.liveplane.test. 60 A 127.0.0.1");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void anUnknownNameInTheZoneIsNxdomainWithTheSoa(Transport transport) throws IOException {
        Message answer = Dig.query(port, transport, "nobody.liveplane.test", Type.A);

        assertThat(answer.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(answer.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(answer.getSection(Section.ANSWER)).isEmpty();
        assertThat(types(answer, Section.AUTHORITY)).containsExactly("liveplane.test. SOA");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aKnownNameWithoutTheTypeIsNodata(Transport transport) throws IOException {
        dns.upsertAddresses("edge1.liveplane.test", List.of("192.0.2.10"));

        Message answer = Dig.query(port, transport, "edge1.liveplane.test", Type.AAAA);

        assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answer.getSection(Section.ANSWER)).isEmpty();
        assertThat(types(answer, Section.AUTHORITY)).containsExactly("liveplane.test. SOA");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aNameWithOnlyDescendantsIsNodataNotNxdomain(Transport transport) throws IOException {
        dns.upsertCname("push.example.com.acme.lv.liveplane.test", "edge1.liveplane.test");

        // RFC 8020: an NXDOMAIN here would tell caches that everything below lv.liveplane.test is gone too.
        Message answer = Dig.query(port, transport, "lv.liveplane.test", Type.A);

        assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answer.getSection(Section.ANSWER)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void namesOutsideItsZonesAreRefused(Transport transport) throws IOException {
        Message answer = Dig.query(port, transport, "www.example.org", Type.A);

        assertThat(answer.getRcode()).isEqualTo(Rcode.REFUSED);
        assertThat(answer.getHeader().getFlag(Flags.AA)).isFalse();
        assertThat(answer.getSection(Section.ANSWER)).isEmpty();
    }

    @Test
    void zoneTransfersAreRefused() throws IOException {
        // dnsjava's resolver will not send AXFR itself (it has a zone-transfer client for that), so: raw bytes.
        byte[] axfr = query(ZONE, Type.AXFR);

        assertThat(new Message(Dig.rawUdp(port, axfr, Duration.ofSeconds(2))).getRcode()).isEqualTo(Rcode.REFUSED);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void namesMatchWhateverTheirCase(Transport transport) throws IOException {
        dns.upsertAddresses("Edge1.LivePlane.test", List.of("192.0.2.10"));

        Message answer = Dig.query(port, transport, "EDGE1.liveplane.TEST", Type.A);

        assertThat(answer.getQuestion().getName().toString()).isEqualTo("EDGE1.liveplane.TEST.");
        assertThat(answer.getSection(Section.ANSWER)).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void upsertsReplaceWhatWasAtTheName(Transport transport) throws IOException {
        String name = "push.example.com.acme.lv.liveplane.test";
        long serialBefore = serial(transport);

        dns.upsertAddresses(name, List.of("192.0.2.10", "2001:db8::1"));
        dns.upsertAddresses(name, List.of("192.0.2.20"));
        assertThat(rrs(Dig.query(port, transport, name, Type.A), Section.ANSWER)).containsExactly(
                name + ". 60 A 192.0.2.20");
        assertThat(Dig.query(port, transport, name, Type.AAAA).getSection(Section.ANSWER)).isEmpty();

        dns.upsertCname(name, "edge2.liveplane.test");
        assertThat(types(Dig.query(port, transport, name, Type.ANY), Section.ANSWER)).containsExactly(
                name + ". CNAME");

        dns.upsertAddresses(name, List.of("192.0.2.30"));
        assertThat(rrs(Dig.query(port, transport, name, Type.A), Section.ANSWER)).containsExactly(
                name + ". 60 A 192.0.2.30");
        assertThat(serial(transport)).isGreaterThan(serialBefore);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void deleteRemovesEveryRecordAndAnAbsentNameIsNoError(Transport transport) throws IOException {
        dns.upsertAddresses("edge1.liveplane.test", List.of("192.0.2.10"));
        dns.putTxt("edge1.liveplane.test", "owner=node-1");

        dns.deleteRecords("edge1.liveplane.test");
        dns.deleteRecords("edge1.liveplane.test");
        dns.deleteRecords("never-there.liveplane.test");

        assertThat(Dig.query(port, transport, "edge1.liveplane.test", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(Dig.query(port, transport, "edge1.liveplane.test", Type.TXT).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void aBatchChangesAllItsNamesAsOneVersionOfTheZoneOrNoneWhenOneIsBad() throws IOException {
        dns.upsertAddresses("n1.nodes.liveplane.test", List.of("192.0.2.1"));
        dns.putTxt("n2.nodes.liveplane.test", "note");
        long serialBefore = serial(Transport.UDP);

        dns.apply(List.of(new RecordChange.DeleteRecords("n1.nodes.liveplane.test"),
                new RecordChange.DeleteRecords("n2.nodes.liveplane.test"),
                new RecordChange.UpsertAddresses("n3.nodes.liveplane.test", List.of("192.0.2.3", "2001:db8::3"))));

        assertThat(Dig.query(port, Transport.UDP, "n1.nodes.liveplane.test", Type.A).getRcode())
                .isEqualTo(Rcode.NXDOMAIN);
        assertThat(Dig.query(port, Transport.UDP, "n2.nodes.liveplane.test", Type.TXT).getRcode())
                .isEqualTo(Rcode.NXDOMAIN);
        assertThat(rrs(Dig.query(port, Transport.UDP, "n3.nodes.liveplane.test", Type.ANY), Section.ANSWER))
                .containsExactlyInAnyOrder("n3.nodes.liveplane.test. 60 A 192.0.2.3",
                        "n3.nodes.liveplane.test. 60 AAAA 2001:db8:0:0:0:0:0:3");
        assertThat(serial(Transport.UDP)).isEqualTo(serialBefore + 1);

        assertThatThrownBy(() -> dns.apply(List.of(
                new RecordChange.UpsertAddresses("n4.nodes.liveplane.test", List.of("192.0.2.4")),
                new RecordChange.DeleteRecords("n5.nodes.example.org"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n5.nodes.example.org");
        assertThat(Dig.query(port, Transport.UDP, "n4.nodes.liveplane.test", Type.A).getRcode())
                .isEqualTo(Rcode.NXDOMAIN);
        assertThat(serial(Transport.UDP)).isEqualTo(serialBefore + 1);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void servesATenantZonesChallengeTxtAndCname(Transport transport) throws IOException {
        dns.putTxt("_liveplane-challenge.play.example.com", "token-a");
        dns.putTxt("_liveplane-challenge.play.example.com", "token-b");
        dns.putTxt("_liveplane-challenge.play.example.com", "token-a");
        dns.upsertCname("play.example.com", "play.example.com.acme.lv.liveplane.test");

        Message txt = Dig.query(port, transport, "_liveplane-challenge.play.example.com", Type.TXT);
        Message cname = Dig.query(port, transport, "play.example.com", Type.CNAME);

        assertThat(rrs(txt, Section.ANSWER)).containsExactlyInAnyOrder(
                "_liveplane-challenge.play.example.com. 60 TXT token-a",
                "_liveplane-challenge.play.example.com. 60 TXT token-b");
        assertThat(rrs(cname, Section.ANSWER)).containsExactly(
                "play.example.com. 60 CNAME play.example.com.acme.lv.liveplane.test.");
        assertThat(dns.zone()).isEqualTo(ZONE);
    }

    @Test
    void aLongTxtValueTravelsAsSeveralStrings() throws IOException {
        String value = "v=".repeat(300) + "\\end";
        dns.putTxt("long.example.com", value);

        Message txt = Dig.query(port, Transport.TCP, "long.example.com", Type.TXT);

        List<byte[]> strings = ((TXTRecord) txt.getSection(Section.ANSWER).get(0)).getStringsAsByteArrays();
        assertThat(strings).extracting(s -> s.length).containsExactly(255, 255, 94);
        assertThat(String.join("", strings.stream().map(String::new).toList())).isEqualTo(value);
    }

    @Test
    void largeAnswersAreTruncatedOverUdpAndWholeOverTcp() throws IOException {
        for (int i = 0; i < 10; i++) {
            dns.putTxt("big.example.com", i + "-" + "x".repeat(200));
        }

        Message udp = Dig.query(port, Transport.UDP, "big.example.com", Type.TXT);
        Message tcp = Dig.query(port, Transport.TCP, "big.example.com", Type.TXT);
        Message stub = Dig.queryDefault(port, "big.example.com", Type.TXT);

        assertThat(udp.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(tcp.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(tcp.getSection(Section.ANSWER)).hasSize(10);
        assertThat(stub.getSection(Section.ANSWER)).hasSize(10);
    }

    @Test
    void ednsQueriesGetAnOptRecordAndRoomForLargerUdpAnswers() throws IOException {
        for (int i = 0; i < 4; i++) {
            dns.putTxt("medium.example.com", i + "-" + "x".repeat(200));
        }

        Message plain = Dig.query(port, Transport.UDP, "medium.example.com", Type.TXT);
        Message edns = Dig.queryDefault(port, "medium.example.com", Type.TXT);

        assertThat(plain.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(edns.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(edns.getSection(Section.ANSWER)).hasSize(4);
        assertThat(edns.getOPT()).isNotNull();
    }

    @Test
    void anUnknownEdnsVersionGetsBadvers() throws IOException {
        Message query = Message.newQuery(Record.newRecord(Dig.absolute(ZONE), Type.SOA, DClass.IN));
        query.addRecord(new OPTRecord(1232, 0, 1), Section.ADDITIONAL);

        Message answer = new Message(Dig.rawUdp(port, query.toWire(), Duration.ofSeconds(2)));

        assertThat(answer.getRcode()).isEqualTo(Rcode.BADVERS);
        assertThat(answer.getSection(Section.ANSWER)).isEmpty();
    }

    @Test
    void otherOpcodesAreNotImplemented() throws IOException {
        Message update = Message.newUpdate(Dig.absolute(ZONE));

        Message answer = new Message(Dig.rawUdp(port, update.toWire(), Duration.ofSeconds(2)));

        assertThat(answer.getHeader().getOpcode()).isEqualTo(Opcode.UPDATE);
        assertThat(answer.getRcode()).isEqualTo(Rcode.NOTIMP);
    }

    @Test
    void malformedPacketsGetFormerrOrNoAnswerAndTheServerKeepsServing() throws IOException {
        byte[] questionMissing = {0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
        byte[] tooShort = {0x12, 0x34, 0x01};
        byte[] aResponse = {0x12, 0x34, (byte) 0x81, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};

        Message formerr = new Message(Dig.rawUdp(port, questionMissing, Duration.ofSeconds(2)));

        assertThat(formerr.getHeader().getID()).isEqualTo(0x1234);
        assertThat(formerr.getRcode()).isEqualTo(Rcode.FORMERR);
        assertThat(Dig.rawUdp(port, tooShort, Duration.ofMillis(300))).isNull();
        assertThat(Dig.rawUdp(port, aResponse, Duration.ofMillis(300))).isNull();
        Random random = new Random(7);
        for (int i = 0; i < 300; i++) {
            byte[] noise = new byte[3 + random.nextInt(120)];
            random.nextBytes(noise);
            noise[2] &= 0x7f;
            Dig.rawUdp(port, noise, Duration.ofMillis(1));
        }
        assertThat(Dig.query(port, Transport.UDP, ZONE, Type.SOA).getRcode()).isEqualTo(Rcode.NOERROR);
    }

    @Test
    void oneTcpConnectionCarriesSeveralQueriesAndSurvivesAMalformedOne() throws IOException {
        dns.upsertAddresses("edge1.liveplane.test", List.of("192.0.2.10"));
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] garbage = {0x00, 0x07, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, (byte) 0xff};
            byte[] first = query("edge1.liveplane.test", Type.A);
            byte[] second = query("nobody.liveplane.test", Type.A);
            for (byte[] packet : List.of(garbage, first, second)) {
                out.writeShort(packet.length);
                out.write(packet);
            }
            out.flush();

            assertThat(readAnswer(in).getRcode()).isEqualTo(Rcode.FORMERR);
            assertThat(rrs(readAnswer(in), Section.ANSWER)).containsExactly("edge1.liveplane.test. 60 A 192.0.2.10");
            assertThat(readAnswer(in).getRcode()).isEqualTo(Rcode.NXDOMAIN);
        }
    }

    @Test
    void aStalledTcpClientDoesNotHoldUpOthers() throws IOException {
        try (Socket stalled = new Socket(InetAddress.getLoopbackAddress(), port)) {
            stalled.getOutputStream().write(0x00);
            long start = System.nanoTime();

            Message answer = Dig.query(port, Transport.TCP, ZONE, Type.SOA);

            assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        }
    }

    @Test
    void tcpConnectionsAreBoundedAndIdleOnesClosed() throws IOException {
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < TcpDnsListener.MAX_CONNECTIONS; i++) {
                held.add(new Socket(InetAddress.getLoopbackAddress(), port));
            }
            // Every connection thread is taken: the next one is closed at once rather than queued.
            assertThat(Dig.query(port, Transport.UDP, ZONE, Type.SOA).getRcode()).isEqualTo(Rcode.NOERROR);
            try (Socket extra = new Socket(InetAddress.getLoopbackAddress(), port)) {
                extra.setSoTimeout(2_000);
                assertThat(extra.getInputStream().read()).isEqualTo(-1);
            }
            Socket idle = held.get(0);
            idle.setSoTimeout((int) TcpDnsListener.IDLE_TIMEOUT.plusSeconds(3).toMillis());
            long start = System.nanoTime();
            assertThat(idle.getInputStream().read()).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isLessThan(TcpDnsListener.IDLE_TIMEOUT.plusSeconds(2));
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void concurrentUpdatesAreAllServed() throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int writer = w;
                done.add(writers.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        dns.upsertAddresses("n" + i + ".w" + writer + ".liveplane.test",
                                List.of("10.0." + writer + "." + i));
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            writers.shutdown();
        }

        for (int w = 0; w < 4; w++) {
            for (int i = 0; i < 50; i++) {
                String name = "n" + i + ".w" + w + ".liveplane.test";
                assertThat(rrs(Dig.query(port, Transport.UDP, name, Type.A), Section.ANSWER))
                        .containsExactly(name + ". 60 A 10.0." + w + "." + i);
            }
        }
    }

    @Test
    void closeReleasesThePortForUdpAndTcp() throws IOException {
        dns.close();

        try (EmbeddedDnsServer again = EmbeddedDnsServer.start(ZONE, "127.0.0.1", port)) {
            assertThat(Dig.query(port, Transport.UDP, ZONE, Type.SOA).getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(Dig.query(port, Transport.TCP, ZONE, Type.SOA).getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(again.port()).isEqualTo(port);
        }
    }

    @Test
    void refusesChangesItCannotServe() {
        dns.upsertCname("play.example.com", "edge1.liveplane.test");

        assertThatThrownBy(() -> dns.upsertCname("www.example.org", "edge1.liveplane.test"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("none of the zones");
        assertThatThrownBy(() -> dns.upsertAddresses(ZONE, List.of("192.0.2.1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a name inside the zone");
        assertThatThrownBy(() -> dns.upsertAddresses("a b.liveplane.test", List.of("192.0.2.1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a DNS host name");
        assertThatThrownBy(() -> dns.upsertAddresses("x.liveplane.test", List.of("edge1.liveplane.test")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an IPv4 or IPv6 address");
        assertThatThrownBy(() -> dns.upsertAddresses("x.liveplane.test", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deleteRecords");
        assertThatThrownBy(() -> dns.putTxt("play.example.com", "token"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is a CNAME");
    }

    @Test
    void theZoneIsNamedInLowerCaseWithoutTheTrailingDot() {
        try (EmbeddedDnsServer other = EmbeddedDnsServer.start("Live.Example.NET.", "127.0.0.1", 0)) {
            assertThat(other.zone()).isEqualTo("live.example.net");
        }
    }

    private long serial(Transport transport) throws IOException {
        return ((SOARecord) Dig.query(port, transport, ZONE, Type.SOA).getSection(Section.ANSWER).get(0)).getSerial();
    }

    private static byte[] query(String name, int type) throws IOException {
        return Message.newQuery(Record.newRecord(Dig.absolute(name), type, DClass.IN)).toWire();
    }

    private static Message readAnswer(DataInputStream in) throws IOException {
        byte[] answer = new byte[in.readUnsignedShort()];
        in.readFully(answer);
        return new Message(answer);
    }

    private static List<String> rrs(Message message, int section) {
        return message.getSection(section).stream()
                .map(r -> r.getName() + " " + r.getTTL() + " " + Type.string(r.getType()) + " " + r.rdataToString())
                .toList();
    }

    private static List<String> types(Message message, int section) {
        return message.getSection(section).stream().map(r -> r.getName() + " " + Type.string(r.getType())).toList();
    }
}
