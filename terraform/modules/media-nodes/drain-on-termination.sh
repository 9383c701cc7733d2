#!/bin/bash
# Completes the autoscaling group's termination hook once the media node has drained.
#
# The instance metadata says "Terminated" in autoscaling/target-lifecycle-state once the group has picked this
# instance to go (scale-in, instance refresh) and it waits in Terminating:Wait. Then: POST /drain (the node leaves
# edge DNS, refuses new publishes and plays, answers /healthz 503, running sessions go on), wait until no stream is
# left on the node or DRAIN_TIMEOUT passes, stop the service (SIGTERM: the node's own drain grace, then exit), and
# complete the lifecycle action so the group terminates the instance. If this script dies, the hook's heartbeat
# timeout lets the termination go on anyway.
set -uo pipefail

imds() {
  local token
  token=$(curl -sf -X PUT http://169.254.169.254/latest/api/token -H 'X-aws-ec2-metadata-token-ttl-seconds: 60') &&
    curl -sf -H "X-aws-ec2-metadata-token: $token" "http://169.254.169.254/latest/meta-data/$1"
}

until [ "$(imds autoscaling/target-lifecycle-state)" = "Terminated" ]; do
  sleep 5
done

instance_id=$(imds instance-id)
region=$(imds placement/region)
echo "event=scale_in_drain_started instance=$instance_id"

curl -sf -X POST "http://127.0.0.1:$ADMIN_PORT/drain" -H "Authorization: Bearer $LIVEPLANE_NODE_ADMIN_TOKEN" ||
  echo "event=scale_in_drain_request_failed instance=$instance_id"

deadline=$((SECONDS + DRAIN_TIMEOUT))
while [ "$SECONDS" -lt "$deadline" ]; do
  streams=$(curl -sf "http://127.0.0.1:$ADMIN_PORT/metrics" | awk '$1 ~ /^liveplane_streams($|[{])/ { n += $2 } END { print int(n) }')
  [ "${streams:-0}" -eq 0 ] && break
  sleep 10
done
echo "event=scale_in_drained instance=$instance_id streams_left=${streams:-0}"

systemctl stop "$SERVICE"
aws autoscaling complete-lifecycle-action --region "$region" --auto-scaling-group-name "$ASG_NAME" \
  --lifecycle-hook-name "$HOOK_NAME" --instance-id "$instance_id" --lifecycle-action-result CONTINUE
