package dev.liveplane.controlplane.dns;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * THE ONE FAKE of the DNS layer: a stand-in for Route53 on loopback HTTP, because AWS cannot be reached from here.
 * It speaks the two REST/XML operations {@link Route53DnsProvider} uses (ListResourceRecordSets,
 * ChangeResourceRecordSets), keeps record sets in memory and enforces the Route53 rules the provider relies on:
 * a batch is atomic, DELETE needs the exact current TTL and values, a CNAME cannot share its name, a request holds
 * at most 1,000 ResourceRecord elements and 32,000 characters of values (an UPSERT's counted twice), and listing
 * runs in Route53's order. It records every request so tests can read the XML the SDK really sent.
 */
final class FakeRoute53 implements AutoCloseable {

    private static final String NS = "https://route53.amazonaws.com/doc/2013-04-01/";
    private static final String PREFIX = "/2013-04-01/hostedzone/";

    /** One record set, its name lower case with the trailing dot, as Route53 returns it. */
    record RecordSet(String name, String type, long ttl, List<String> values) {
    }

    /** One change of a batch, exactly as the request body carried it. */
    record Change(String action, RecordSet set) {
    }

    /** One HTTP request received. */
    record Request(String method, String uri, String body) {
    }

    private final HttpServer server;
    private final String hostedZoneId;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<List<Change>> batches = new CopyOnWriteArrayList<>();
    private final Map<String, RecordSet> sets = Collections.synchronizedMap(new TreeMap<>());
    private volatile int pageSize = 300;

    private FakeRoute53(HttpServer server, String hostedZoneId) {
        this.server = server;
        this.hostedZoneId = hostedZoneId;
    }

    static FakeRoute53 start(String hostedZoneId) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        FakeRoute53 fake = new FakeRoute53(server, hostedZoneId);
        server.createContext("/", fake::handle);
        server.start();
        return fake;
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Route53 pages at the request's maxitems (300 by default); a smaller page here exercises the paging. */
    void pageSize(int size) {
        this.pageSize = size;
    }

    void put(String name, String type, long ttl, String... values) {
        RecordSet set = new RecordSet(normal(name), type, ttl, List.of(values));
        sets.put(key(set.name(), type), set);
    }

    List<RecordSet> recordSets() {
        synchronized (sets) {
            return List.copyOf(sets.values());
        }
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    List<List<Change>> batches() {
        return List.copyOf(batches);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String method = exchange.getRequestMethod();
        URI uri = exchange.getRequestURI();
        requests.add(new Request(method, uri.toString(), body));
        if (!uri.getPath().startsWith(PREFIX + hostedZoneId + "/rrset")) {
            error(exchange, 404, "NoSuchHostedZone", "No hosted zone found with ID: " + uri.getPath());
        } else if (method.equals("GET")) {
            list(exchange, query(uri.getRawQuery()));
        } else if (method.equals("POST")) {
            change(exchange, body);
        } else {
            error(exchange, 405, "MethodNotAllowed", method);
        }
    }

    private void list(HttpExchange exchange, Map<String, String> query) throws IOException {
        String start = key(normal(query.getOrDefault("name", ".")), query.getOrDefault("type", ""));
        int max = Math.min(pageSize, Integer.parseInt(query.getOrDefault("maxitems", "300")));
        List<RecordSet> after;
        synchronized (sets) {
            after = sets.entrySet().stream().filter(e -> e.getKey().compareTo(start) >= 0).map(Map.Entry::getValue)
                    .toList();
        }
        StringBuilder xml = new StringBuilder("<ListResourceRecordSetsResponse xmlns=\"" + NS + "\">");
        xml.append("<ResourceRecordSets>");
        after.stream().limit(max).forEach(set -> xml.append(xml(set)));
        xml.append("</ResourceRecordSets>");
        xml.append("<IsTruncated>").append(after.size() > max).append("</IsTruncated>");
        if (after.size() > max) {
            RecordSet next = after.get(max);
            xml.append("<NextRecordName>").append(next.name()).append("</NextRecordName>");
            xml.append("<NextRecordType>").append(next.type()).append("</NextRecordType>");
        }
        xml.append("<MaxItems>").append(max).append("</MaxItems></ListResourceRecordSetsResponse>");
        respond(exchange, 200, xml.toString());
    }

    private void change(HttpExchange exchange, String body) throws IOException {
        List<Change> batch = parse(body);
        batches.add(batch);
        String tooLarge = overLimits(batch);
        if (tooLarge != null) {
            error(exchange, 400, "InvalidChangeBatch", tooLarge);
            return;
        }
        synchronized (sets) {
            Map<String, RecordSet> next = new TreeMap<>(sets);
            for (Change change : batch) {
                RecordSet set = change.set();
                String key = key(normal(set.name()), set.type());
                RecordSet current = next.get(key);
                RecordSet stored = new RecordSet(normal(set.name()), set.type(), set.ttl(), set.values());
                String problem = switch (change.action()) {
                    case "CREATE" -> current != null ? "Tried to create resource record set " + key
                            + " but it already exists" : null;
                    case "DELETE" -> current == null ? "Tried to delete resource record set " + key
                            + " but it was not found" : !same(current, stored) ? "Tried to delete resource record set "
                            + key + " but the values provided do not match the current values" : null;
                    case "UPSERT" -> null;
                    default -> "Unknown action " + change.action();
                };
                if (problem != null) {
                    error(exchange, 400, "InvalidChangeBatch", problem);
                    return;
                }
                if (change.action().equals("DELETE")) {
                    next.remove(key);
                } else {
                    next.put(key, stored);
                }
            }
            String conflict = cnameConflict(next.values());
            if (conflict != null) {
                error(exchange, 400, "InvalidChangeBatch", "RRSet of type CNAME with DNS name " + conflict
                        + " is not permitted as it conflicts with other records with the same DNS name in zone");
                return;
            }
            sets.clear();
            sets.putAll(next);
        }
        respond(exchange, 200, "<ChangeResourceRecordSetsResponse xmlns=\"" + NS + "\"><ChangeInfo>"
                + "<Id>/change/C" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT) + "</Id>"
                + "<Status>PENDING</Status><SubmittedAt>2025-01-01T00:00:00.000Z</SubmittedAt>"
                + "</ChangeInfo></ChangeResourceRecordSetsResponse>");
    }

    // Route53 Developer Guide, "Quotas on API requests"; the messages are Route53's own.
    private static String overLimits(List<Change> batch) {
        int records = 0;
        int characters = 0;
        for (Change change : batch) {
            int weight = change.action().equals("UPSERT") ? 2 : 1;
            records += weight * change.set().values().size();
            characters += weight * change.set().values().stream().mapToInt(String::length).sum();
        }
        if (records > 1_000) {
            return "Number of records limit of 1000 exceeded.";
        }
        return characters > 32_000 ? "RDATA character limit of 32000 exceeded." : null;
    }

    private static String cnameConflict(Iterable<RecordSet> all) {
        Map<String, List<String>> typesByName = new HashMap<>();
        all.forEach(set -> typesByName.computeIfAbsent(set.name(), n -> new ArrayList<>()).add(set.type()));
        return typesByName.entrySet().stream().filter(e -> e.getValue().contains("CNAME") && e.getValue().size() > 1)
                .map(Map.Entry::getKey).findFirst().orElse(null);
    }

    private static boolean same(RecordSet a, RecordSet b) {
        return a.ttl() == b.ttl() && new HashSet<>(a.values()).equals(new HashSet<>(b.values()))
                && a.values().size() == b.values().size();
    }

    private static List<Change> parse(String body) throws IOException {
        try {
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
            List<Change> changes = new ArrayList<>();
            NodeList nodes = doc.getElementsByTagName("Change");
            for (int i = 0; i < nodes.getLength(); i++) {
                Element change = (Element) nodes.item(i);
                Element set = (Element) change.getElementsByTagName("ResourceRecordSet").item(0);
                NodeList valueNodes = set.getElementsByTagName("Value");
                List<String> values = new ArrayList<>();
                for (int v = 0; v < valueNodes.getLength(); v++) {
                    values.add(valueNodes.item(v).getTextContent());
                }
                String ttl = text(set, "TTL");
                changes.add(new Change(text(change, "Action"), new RecordSet(text(set, "Name"), text(set, "Type"),
                        ttl == null ? -1 : Long.parseLong(ttl), values)));
            }
            return changes;
        } catch (javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException e) {
            throw new IOException("unreadable ChangeResourceRecordSets body: " + body, e);
        }
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
    }

    private static String xml(RecordSet set) {
        StringBuilder xml = new StringBuilder("<ResourceRecordSet><Name>" + set.name() + "</Name><Type>" + set.type()
                + "</Type><TTL>" + set.ttl() + "</TTL><ResourceRecords>");
        set.values().forEach(v -> xml.append("<ResourceRecord><Value>").append(v).append("</Value></ResourceRecord>"));
        return xml.append("</ResourceRecords></ResourceRecordSet>").toString();
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        respond(exchange, status, "<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type><Code>" + code
                + "</Code><Message>" + message + "</Message></Error><RequestId>" + UUID.randomUUID()
                + "</RequestId></ErrorResponse>");
    }

    private static void respond(HttpExchange exchange, int status, String xml) throws IOException {
        byte[] bytes = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + xml).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                query.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    private static String normal(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower : lower + ".";
    }

    // Route53 lists in name order with the labels reversed and the trailing dot kept (com.example.www.), then by
    // type: so nodes-x.example.com. comes before nodes.example.com., and every name below the latter right after it.
    private static String key(String name, String type) {
        List<String> labels = new ArrayList<>(List.of(name.split("\\.")));
        Collections.reverse(labels);
        return String.join(".", labels) + ". " + type;
    }
}
