output "api_url" {
  description = "The API's public base URL (what media nodes get as --control-plane and what LIVEPLANE_PUBLIC_API_URL says)."
  value       = "https://${local.api_host}"
}

output "lb_dns_name" {
  description = "DNS name of the load balancer."
  value       = aws_lb.this.dns_name
}

output "lb_zone_id" {
  description = "Hosted zone ID of the load balancer, for aliases."
  value       = aws_lb.this.zone_id
}

output "security_group_id" {
  description = "Security group of the instances (the database admits it)."
  value       = aws_security_group.instance.id
}

output "role_name" {
  description = "Name of the instances' IAM role."
  value       = aws_iam_role.this.name
}

output "autoscaling_group_name" {
  description = "Name of the autoscaling group."
  value       = aws_autoscaling_group.this.name
}

output "app_secrets_arn" {
  description = "ARN of the Secrets Manager secret holding the service's keys and the operator token (read it with the AWS CLI; never an output value)."
  value       = aws_secretsmanager_secret.app.arn
}

output "hls_session_secret" {
  description = "Base64 32-byte key nodes sign HLS session tokens with, for the CDN's edge check."
  value       = random_bytes.hls_session_secret.base64
  sensitive   = true
}
