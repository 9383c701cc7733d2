output "zone_id" {
  description = "Hosted zone ID of the platform zone (LIVEPLANE_ROUTE53_ZONE_ID)."
  value       = local.zone_id
}

output "zone_name" {
  description = "The platform zone's name, lower case without the trailing dot (LIVEPLANE_PLATFORM_ZONE)."
  value       = local.zone_name
}

output "name_servers" {
  description = "Name servers to delegate the zone to from its parent (a new zone only)."
  value       = var.create_zone ? aws_route53_zone.this[0].name_servers : data.aws_route53_zone.existing[0].name_servers
}

output "control_plane_policy_arn" {
  description = "IAM policy letting the control plane manage its records in the zone."
  value       = aws_iam_policy.control_plane.arn
}

output "certificate_arn" {
  description = "ARN of the validated regional certificate for the zone and *.zone (null when not created)."
  value       = var.create_certificate ? aws_acm_certificate_validation.this[0].certificate_arn : null
}

output "node_names_suffix" {
  description = "Under which the control plane names every reachable node, {id}.nodes.{zone}: the CDN module's node_origin_suffix."
  value       = "nodes.${local.zone_name}"
}
