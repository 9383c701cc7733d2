package dev.liveplane.controlplane.domain;

/** A domain's stored CNAME status, named as the API's {@code CnameStatus} values the controller maps it to. */
enum CnameState {
    PENDING, CNAME_OK, CNAME_MISSING, CNAME_ELSEWHERE
}
