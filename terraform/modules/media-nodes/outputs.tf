output "nlb_dns_name" {
  description = "DNS name of the NLB."
  value       = aws_lb.this.dns_name
}

output "nlb_zone_id" {
  description = "Hosted zone ID of the NLB, for aliases."
  value       = aws_lb.this.zone_id
}

output "origin_domain_name" {
  description = "The name the CDN should use as origin: domain_name when set, else the NLB's."
  value       = var.domain_name != null ? var.domain_name : aws_lb.this.dns_name
}

output "http_port" {
  description = "The nodes' plain HTTP port (HTTP-FLV and HLS): the CDN module's node_origin_port."
  value       = var.http_port
}

output "security_group_id" {
  description = "Security group of the nodes."
  value       = aws_security_group.node.id
}

output "role_name" {
  description = "Name of the nodes' IAM role."
  value       = aws_iam_role.this.name
}

output "autoscaling_group_name" {
  description = "Name of the nodes' autoscaling group."
  value       = aws_autoscaling_group.this.name
}

output "bootstrap_token_secret_arn" {
  description = "ARN of the secret to put the bootstrap token in (aws secretsmanager put-secret-value); nodes wait for it at boot."
  value       = aws_secretsmanager_secret.bootstrap_token.arn
}

output "admin_token_secret_arn" {
  description = "ARN of the secret holding the fleet's admin token for POST/DELETE /drain."
  value       = aws_secretsmanager_secret.admin_token.arn
}
