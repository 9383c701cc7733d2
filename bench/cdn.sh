#!/usr/bin/env bash
# HLS through a CDN in miniature, at scale: VIEWERS signed HLS players (default 200) of one stream that both of two
# fleet nodes serve (published on one, relayed by the other), all through Debian's nginx as a caching proxy whose
# every request the CDN edge function (terraform/modules/cdn/hls_token_check.js) decides first, origin included: a
# player's first request goes to either node (round robin), the rest to the node that answered it (/_n/{node}/).
# Prints how the viewers spread over the nodes and what the nodes paid: segment fetches per distinct segment (the
# target is exactly 1, per node), the proxy's hit ratio, and the playlist requests (per viewer, never cached, since
# their URIs carry the viewer's session). Then the refusals: unsigned, forged and expired requests get 403 at the
# edge without reaching a node.
#
#   bench/cdn.sh
#   VIEWERS=50 SEGMENTS=3 bench/cdn.sh        a quick look
#
# It runs media-node's CdnCachingEndToEndTest (the CI version: 20 viewers, 3 segments) with the numbers below, in
# this checkout's reactor, offline; nginx's logs stay in /tmp/junit-*/nginx when it fails.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
viewers="${VIEWERS:-200}"
segments="${SEGMENTS:-5}"
log() { printf '[cdn.sh] %s\n' "$*" >&2; }

[ -x /usr/sbin/nginx ] || { log "installing nginx-light"; apt-get install -y -qq --no-install-recommends nginx-light >/dev/null; }
command -v node >/dev/null || { log "node (>= 20) is needed: apt-get install nodejs"; exit 2; }
command -v ffmpeg >/dev/null || { log "installing ffmpeg"; apt-get install -y -qq ffmpeg >/dev/null; }
ulimit -n 65536 2>/dev/null || true

cd "$root"
out="$(mktemp /tmp/liveplane-cdn-bench.XXXXXX)"
log "$viewers viewers, $segments segments each, 2 nodes, nginx $(/usr/sbin/nginx -v 2>&1 | sed 's#.*/##'), node $(node --version)"
start=$(date +%s)
if ! ./mvnw -B -q -ntp -o -pl api,media-node -am test-compile surefire:test -Dtest=CdnCachingEndToEndTest \
    -Dsurefire.failIfNoSpecifiedTests=false -Dcdn.viewers="$viewers" -Dcdn.segments="$segments" >"$out" 2>&1; then
  tail -40 "$out" >&2
  log "failed; full output in $out"
  exit 1
fi
grep -m1 '^cdn viewers=' "$out"
log "done in $(( $(date +%s) - start )) s (build included); output in $out"
