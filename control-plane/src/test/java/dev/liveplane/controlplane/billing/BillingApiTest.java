package dev.liveplane.controlplane.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The money routes over HTTP on the test database: the operator's credits and debits and catalog, purchases with
 * their idempotency and refusals, and reads (account, packages, ledger, statement as JSON and CSV) that agree with
 * the ledger to the minor unit.
 */
@MicronautTest(transactional = false)
class BillingApiTest extends ApiTestBase {

    @Test
    void creditsAndDebitsMoveTheBalanceAndEachIsOneLedgerEntryWithItsReason() {
        Api.Tenant tenant = api.signUp("Adjusted");
        String key = UUID.randomUUID().toString();
        JsonNode credit = adjust(tenant, "credit", 5000, "wire transfer", key).expect(201).json();
        assertThat(credit.get("amountMinor").asLong()).isEqualTo(5000);
        assertThat(credit.get("balanceAfterMinor").asLong()).isEqualTo(5000);
        JsonNode again = adjust(tenant, "credit", 5000, "wire transfer", key).expect(201).json();
        assertThat(again.get("id").asText()).as("a retry with the same key").isEqualTo(credit.get("id").asText());
        adjust(tenant, "credit", 6000, "wire transfer", key).expectProblem(422, "idempotency-key-reused");
        JsonNode debit = adjust(tenant, "debit", 1200, "refund", null).expect(201).json();
        assertThat(debit.get("amountMinor").asLong()).isEqualTo(-1200);

        JsonNode account = api.get("/v1/billing/account", tenant.token()).expect(200).json();
        assertThat(account.get("balanceMinor").asLong()).isEqualTo(3800);
        assertThat(account.get("currency").asText()).isEqualTo("USD");
        assertThat(api.get("/admin/v1/tenants/" + tenant.id() + "/billing-account", OPERATOR_TOKEN).expect(200)
                .json()).isEqualTo(account);
        JsonNode ledger = api.get("/v1/billing/ledger", tenant.token()).expect(200).json().get("items");
        assertThat(ledger.findValuesAsText("kind")).containsExactly("debit", "credit");
        assertThat(ledger.findValuesAsText("reason")).containsExactly("refund", "wire transfer");

        adjust(tenant, "credit", 0, "nothing", null).expectProblem(422, "validation-failed");
        api.post("/admin/v1/tenants/nobody/balance-adjustments", OPERATOR_TOKEN, Map.of("kind", "credit",
                "amountMinor", 1, "reason", "x")).expectProblem(404, "not-found");
        api.get("/admin/v1/tenants/nobody/billing-account", OPERATOR_TOKEN).expectProblem(404, "not-found");
    }

    @Test
    void theOperatorKeepsTheCatalogAndTenantsSeeOnlyWhatIsOnSale() {
        JsonNode sku = sku(100, 30, 700);
        String id = sku.get("id").asText();
        assertThat(activeSkuIds()).contains(id);
        JsonNode changed = api.call("PATCH", "/admin/v1/skus/" + id, OPERATOR_TOKEN, Map.of("priceMinor", 650,
                "active", false)).expect(200).json();
        assertThat(changed.get("priceMinor").asLong()).isEqualTo(650);
        assertThat(changed.get("sizeBytes").asLong()).isEqualTo(100);
        assertThat(activeSkuIds()).doesNotContain(id);
        Api.Tenant tenant = funded("Late buyer", 10_000);
        api.post("/v1/billing/packages", tenant.token(), Map.of("skuId", id)).expectProblem(404, "not-found");
        api.call("PATCH", "/admin/v1/skus/nothing", OPERATOR_TOKEN, Map.of("active", true))
                .expectProblem(404, "not-found");
    }

    @Test
    void aPurchaseIsTakenOnceWhateverTheRetriesAndRefusedWhenTheBalanceDoesNotCoverIt() {
        Api.Tenant tenant = funded("Buyer", 1000);
        String sku = sku(1_000_000, 30, 600).get("id").asText();
        String key = UUID.randomUUID().toString();
        JsonNode bought = buy(tenant, sku, key).expect(201).json();
        assertThat(bought.get("remainingBytes").asLong()).isEqualTo(1_000_000);
        assertThat(bought.get("expired").asBoolean()).isFalse();
        assertThat(buy(tenant, sku, key).expect(201).json().get("id").asText()).isEqualTo(bought.get("id").asText());

        JsonNode refused = buy(tenant, sku, UUID.randomUUID().toString()).expectProblem(402, "insufficient-balance");
        assertThat(refused.get("detail").asText()).contains("600").contains("400");

        JsonNode account = api.get("/v1/billing/account", tenant.token()).expect(200).json();
        assertThat(account.get("balanceMinor").asLong()).isEqualTo(400);
        assertThat(account.get("packageBytesRemaining").asLong()).isEqualTo(1_000_000);
        assertThat(account.get("packages").findValuesAsText("id")).containsExactly(bought.get("id").asText());
        assertThat(account.get("month").get("purchasesMinor").asLong()).isEqualTo(600);
        assertThat(api.get("/v1/billing/packages", tenant.token()).expect(200).json().get("items")
                .findValuesAsText("id")).containsExactly(bought.get("id").asText());
    }

    @Test
    void theStatementAddsUpToTheLedgerToTheMinorUnitAsJsonAndCsv() {
        Api.Tenant tenant = funded("Stated", 10_000);
        adjust(tenant, "debit", 250, "correction", null).expect(201);
        String sku = sku(5000, 30, 1234).get("id").asText();
        buy(tenant, sku, null).expect(201);
        buy(tenant, sku, null).expect(201);
        String month = YearMonth.now(ZoneOffset.UTC).toString();

        JsonNode statement = api.get("/v1/billing/statements/" + month, tenant.token()).expect(200).json();
        assertThat(statement.get("openingBalanceMinor").asLong()).isZero();
        assertThat(statement.get("topUpsMinor").asLong()).isEqualTo(10_000);
        assertThat(statement.get("debitsMinor").asLong()).isEqualTo(250);
        assertThat(statement.get("purchasesMinor").asLong()).isEqualTo(2468);
        long closing = statement.get("closingBalanceMinor").asLong();
        assertThat(closing).isEqualTo(10_000 - 250 - 2468);
        long ledgerSum = 0;
        for (JsonNode entry : allLedger(tenant)) {
            ledgerSum += entry.get("amountMinor").asLong();
        }
        assertThat(closing).as("closing balance = the ledger's sum").isEqualTo(ledgerSum)
                .isEqualTo(api.get("/v1/billing/account", tenant.token()).expect(200).json().get("balanceMinor")
                        .asLong());

        Api.Response csv = api.call("GET", "/v1/billing/statements/" + month, tenant.token(), null,
                "Accept", "text/csv");
        csv.expect(200);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        String[] lines = csv.body().split("\r\n");
        assertThat(lines[0]).isEqualTo("month,currency,openingBalanceMinor,topUpsMinor,debitsMinor,purchasesMinor,"
                + "packageDeductionBytes,paygBytes,paygMinor,closingBalanceMinor");
        assertThat(lines[1]).isEqualTo(month + ",USD,0,10000,250,2468,0,0,0," + closing);

        JsonNode next = api.get("/v1/billing/statements/" + YearMonth.now(ZoneOffset.UTC).plusMonths(1),
                tenant.token()).expect(200).json();
        assertThat(next.get("openingBalanceMinor").asLong()).isEqualTo(closing);
        api.get("/v1/billing/statements/2026-13", tenant.token()).expectProblem(400, "invalid-parameter");
    }

    private List<JsonNode> allLedger(Api.Tenant tenant) {
        List<JsonNode> entries = new ArrayList<>();
        String token = null;
        do {
            JsonNode page = api.get("/v1/billing/ledger?pageSize=2" + (token == null ? "" : "&pageToken=" + token),
                    tenant.token()).expect(200).json();
            page.get("items").forEach(entries::add);
            token = page.hasNonNull("nextPageToken") ? page.get("nextPageToken").asText() : null;
        } while (token != null);
        return entries;
    }

    private List<String> activeSkuIds() {
        return api.get("/v1/billing/skus?pageSize=100", api.signUp("Browser").token()).expect(200).json()
                .get("items").findValuesAsText("id");
    }

    private Api.Tenant funded(String name, long amount) {
        Api.Tenant tenant = api.signUp(name);
        adjust(tenant, "credit", amount, "top-up", null).expect(201);
        return tenant;
    }

    private JsonNode sku(long size, int days, long price) {
        return api.post("/admin/v1/skus", OPERATOR_TOKEN, Map.of("name", size + " bytes", "sizeBytes", size,
                "validityDays", days, "priceMinor", price)).expect(201).json();
    }

    private Api.Response buy(Api.Tenant tenant, String sku, String key) {
        return key == null ? api.post("/v1/billing/packages", tenant.token(), Map.of("skuId", sku))
                : api.post("/v1/billing/packages", tenant.token(), Map.of("skuId", sku), "Idempotency-Key", key);
    }

    private Api.Response adjust(Api.Tenant tenant, String kind, long amount, String reason, String key) {
        Map<String, Object> body = Map.of("kind", kind, "amountMinor", amount, "reason", reason);
        String path = "/admin/v1/tenants/" + tenant.id() + "/balance-adjustments";
        return key == null ? api.post(path, OPERATOR_TOKEN, body)
                : api.post(path, OPERATOR_TOKEN, body, "Idempotency-Key", key);
    }
}
