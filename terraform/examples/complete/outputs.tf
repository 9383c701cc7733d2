output "api_url" {
  description = "The API and console."
  value       = module.control_plane.api_url
}

output "platform_zone_name_servers" {
  description = "Delegate the platform zone to these from its parent zone."
  value       = module.dns.name_servers
}

output "media_nodes_endpoint" {
  description = "The NLB's name for RTMP (1935), RTMPS (1936), HTTP and HTTPS."
  value       = "live.${module.dns.zone_name}"
}

output "hls_cdn_domain_name" {
  description = "The CloudFront distribution serving HLS."
  value       = module.cdn.distribution_domain_name
}

output "bootstrap_token_secret_arn" {
  description = "Where to put the node bootstrap token minted with POST /admin/v1/node-tokens."
  value       = module.media_nodes.bootstrap_token_secret_arn
}

output "control_plane_secrets_arn" {
  description = "The secret holding the operator token (LIVEPLANE_OPERATOR_TOKEN) among the service's keys."
  value       = module.control_plane.app_secrets_arn
}

output "database_credentials_secret_arn" {
  description = "The secret holding the database credentials."
  value       = module.database.credentials_secret_arn
}

output "recordings_bucket" {
  description = "The recordings bucket."
  value       = module.recordings.bucket_name
}
