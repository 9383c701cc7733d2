package dev.liveplane.controlplane.e2e;

import static dev.liveplane.controlplane.e2e.Bills.map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Money moved as the operator and a tenant move it (api/openapi.yaml, tag billing): the operator's SKU catalog and
 * balance adjustments, the tenant's purchases from its balance.
 */
final class Wallet {

    private final JsonApi operator;

    Wallet(JsonApi operator) {
        this.operator = operator;
    }

    /** A new active SKU of {@code sizeBytes} for {@code priceMinor} minor units, valid 30 days; its id. */
    String createSku(String name, long sizeBytes, long priceMinor) {
        return operator.postOnce("/admin/v1/skus", map("name", name, "sizeBytes", sizeBytes, "validityDays", 30,
                "priceMinor", priceMinor)).expectOk().path("id").asText();
    }

    /** Credits the tenant's prepaid balance with a reason, as the operator does: the ledger entry made. */
    JsonNode credit(Tenant tenant, long amountMinor, String reason) {
        return operator.postOnce("/admin/v1/tenants/" + tenant.id() + "/balance-adjustments",
                map("kind", "credit", "amountMinor", amountMinor, "reason", reason)).expectOk();
    }

    /** The tenant buys one package of {@code skuId} from its balance. */
    JsonApi.Answer buy(Tenant tenant, String skuId) {
        return tenant.api().postOnce("/v1/billing/packages", map("skuId", skuId));
    }
}
