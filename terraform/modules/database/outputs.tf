output "endpoint" {
  description = "Host name of the database."
  value       = aws_db_instance.this.address
}

output "port" {
  description = "MySQL port."
  value       = aws_db_instance.this.port
}

output "database_name" {
  description = "Schema the control plane uses."
  value       = var.database_name
}

output "credentials_secret_arn" {
  description = "ARN of the Secrets Manager secret with the credentials and JDBC URL (the value itself is never an output)."
  # The version's ARN is the secret's; naming it makes callers wait until the value is written.
  value = aws_secretsmanager_secret_version.db.arn
}

output "security_group_id" {
  description = "The database's security group."
  value       = aws_security_group.db.id
}

output "instance_arn" {
  description = "ARN of the RDS instance."
  value       = aws_db_instance.this.arn
}
