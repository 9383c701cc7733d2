package dev.liveplane.controlplane.web;

import dev.liveplane.controlplane.web.model.Statement;
import io.micronaut.core.type.Argument;
import io.micronaut.core.type.MutableHeaders;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.body.MessageBodyWriter;
import io.micronaut.http.codec.CodecException;
import io.micronaut.http.context.ServerRequestContext;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes a monthly statement as CSV when the client asks for {@code text/csv}: a header line naming the JSON's fields
 * and one line of values, RFC 4180 with CRLF line ends (no field needs quoting: a month, a currency code, integers).
 * Micronaut prefers a writer made for the type over the generic JSON one whatever the request's {@code Accept}, so a
 * request that did not ask for CSV gets the JSON written here.
 */
@Singleton
@Produces("text/csv")
public final class StatementCsvWriter implements MessageBodyWriter<Statement> {

    static final String HEADER = "month,currency,openingBalanceMinor,topUpsMinor,debitsMinor,purchasesMinor,"
            + "packageDeductionBytes,paygBytes,paygMinor,closingBalanceMinor";

    private final JsonMapper json;

    StatementCsvWriter(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void writeTo(Argument<Statement> type, MediaType mediaType, Statement s, MutableHeaders headers,
            OutputStream out) throws CodecException {
        try {
            if (!askedForCsv()) {
                headers.set("Content-Type", MediaType.APPLICATION_JSON);
                out.write(json.writeValueAsBytes(s));
                return;
            }
            headers.set("Content-Type", "text/csv; charset=utf-8");
            String line = Stream.of(s.getMonth(), s.getCurrency(), s.getOpeningBalanceMinor(), s.getTopUpsMinor(),
                    s.getDebitsMinor(), s.getPurchasesMinor(), s.getPackageDeductionBytes(), s.getPaygBytes(),
                    s.getPaygMinor(), s.getClosingBalanceMinor()).map(String::valueOf)
                    .collect(Collectors.joining(","));
            out.write((HEADER + "\r\n" + line + "\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new CodecException("cannot write the statement", e);
        }
    }

    private static boolean askedForCsv() {
        return ServerRequestContext.currentRequest().map(request -> request.getHeaders().accept().stream()
                .anyMatch(type -> "text".equals(type.getType()) && "csv".equals(type.getSubtype()))).orElse(false);
    }
}
