variable "name" {
  type        = string
  description = "Name prefix of every resource."
}

variable "vpc_id" {
  type        = string
  description = "VPC the database runs in."
}

variable "subnet_ids" {
  type        = list(string)
  description = "Private subnets of the DB subnet group (two AZs at least)."
}

variable "allowed_security_group_ids" {
  type        = list(string)
  description = "Security groups allowed to reach MySQL (3306): the control plane's, and nothing else."
}

variable "engine_version" {
  type        = string
  description = "RDS MySQL engine version (8.x; the control plane runs on MySQL 8)."
  default     = "8.4"
}

variable "parameter_group_family" {
  type        = string
  description = "DB parameter group family matching engine_version."
  default     = "mysql8.4"
}

variable "instance_class" {
  type        = string
  description = "RDS instance class."
  default     = "db.t4g.medium"
}

variable "allocated_storage_gb" {
  type        = number
  description = "Initial storage in GiB."
  default     = 50
}

variable "max_allocated_storage_gb" {
  type        = number
  description = "Upper bound of storage autoscaling in GiB."
  default     = 500
}

variable "database_name" {
  type        = string
  description = "Name of the schema the control plane uses (Flyway creates its tables)."
  default     = "liveplane"
}

variable "username" {
  type        = string
  description = "Master user name."
  default     = "liveplane"
}

variable "multi_az" {
  type        = bool
  description = "Run a standby in another AZ (failover in a minute or two)."
  default     = true
}

variable "backup_retention_days" {
  type        = number
  description = "Days automated backups (and point-in-time recovery) are kept."
  default     = 14

  validation {
    condition     = var.backup_retention_days >= 1
    error_message = "backup_retention_days must be at least 1: a database without backups is not offered here."
  }
}

variable "backup_window" {
  type        = string
  description = "Daily backup window (UTC, hh24:mi-hh24:mi)."
  default     = "03:00-04:00"
}

variable "maintenance_window" {
  type        = string
  description = "Weekly maintenance window (UTC, ddd:hh24:mi-ddd:hh24:mi)."
  default     = "sun:04:30-sun:05:30"
}

variable "deletion_protection" {
  type        = bool
  description = "Refuse to delete the database (turn off, apply, then destroy)."
  default     = true
}

variable "skip_final_snapshot" {
  type        = bool
  description = "Delete without a final snapshot (only for throw-away stacks)."
  default     = false
}

variable "performance_insights_enabled" {
  type        = bool
  description = "Turn on Performance Insights."
  default     = true
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key for the storage and the secret; null uses the AWS managed keys (aws/rds, aws/secretsmanager)."
  default     = null
}

variable "secret_recovery_window_days" {
  type        = number
  description = "Days a deleted credentials secret can be restored (0 deletes it at once)."
  default     = 7
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource."
  default     = {}
}
