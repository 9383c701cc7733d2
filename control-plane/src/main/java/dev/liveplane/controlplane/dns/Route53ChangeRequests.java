package dev.liveplane.controlplane.dns;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ResourceRecord;

/**
 * Packs a batch's changes, each name's kept together so that each name still changes atomically, into as few
 * ChangeResourceRecordSets requests as Route53's limits per request allow.
 */
final class Route53ChangeRequests {

    // Route53 Developer Guide, "Quotas on API requests": per request at most 1,000 ResourceRecord elements and 32,000
    // characters in all Value elements, those of an UPSERT counted twice. So 500 one-address upserts a request.
    static final int MAX_RECORDS = 1_000;
    static final int MAX_VALUE_CHARACTERS = 32_000;

    /** The changes Route53 must make at one name, and what they do, for the request's comment and errors. */
    record NameChanges(String what, List<Change> changes) {
    }

    private Route53ChangeRequests() {
    }

    /** The requests, in the batch's order; a name's changes alone over a limit still go, alone, for Route53 to judge. */
    static List<List<NameChanges>> pack(List<NameChanges> byName) {
        List<List<NameChanges>> requests = new ArrayList<>();
        List<NameChanges> request = new ArrayList<>();
        int records = 0;
        int characters = 0;
        for (NameChanges name : byName) {
            int nameRecords = 0;
            int nameCharacters = 0;
            for (Change change : name.changes()) {
                int weight = change.action() == ChangeAction.UPSERT ? 2 : 1;
                List<ResourceRecord> values = change.resourceRecordSet().resourceRecords();
                nameRecords += weight * values.size();
                nameCharacters += weight * values.stream().mapToInt(v -> v.value().length()).sum();
            }
            if (!request.isEmpty()
                    && (records + nameRecords > MAX_RECORDS || characters + nameCharacters > MAX_VALUE_CHARACTERS)) {
                requests.add(request);
                request = new ArrayList<>();
                records = 0;
                characters = 0;
            }
            request.add(name);
            records += nameRecords;
            characters += nameCharacters;
        }
        if (!request.isEmpty()) {
            requests.add(request);
        }
        return requests;
    }
}
