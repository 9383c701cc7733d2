variable "name" {
  type        = string
  description = "Name prefix of every resource."
}

variable "release_version" {
  type        = string
  description = "Liveplane version to run: the instances install its control plane tarball from the artifacts bucket."
}

variable "artifacts_bucket" {
  type        = string
  description = "S3 bucket holding the packaged tarballs."
}

variable "artifacts_prefix" {
  type        = string
  description = "Key prefix of the tarballs in the artifacts bucket (ends with / when not empty)."
  default     = ""
}

variable "artifact_key" {
  type        = string
  description = "Key of the service's tarball in the artifacts bucket; null: <artifacts_prefix>liveplane-control-plane-<release_version>-linux-x64.tar.gz."
  default     = null
}

variable "vpc_id" {
  type        = string
  description = "VPC of the instances and the load balancer."
}

variable "public_subnet_ids" {
  type        = list(string)
  description = "Subnets of the load balancer (two AZs at least)."
}

variable "private_subnet_ids" {
  type        = list(string)
  description = "Subnets of the instances."
}

variable "allowed_cidr_blocks" {
  type        = list(string)
  description = "IPv4 ranges allowed to reach the load balancer (tenants, the console, and the media nodes, which call /internal/v1 through it)."
  default     = ["0.0.0.0/0"]
}

variable "load_balancer_type" {
  type        = string
  description = "network (default: TLS ends on an NLB, which keeps the client's address for the per-address rate limits) or application (an ALB: every client then counts as the ALB's address)."
  default     = "network"

  validation {
    condition     = contains(["network", "application"], var.load_balancer_type)
    error_message = "load_balancer_type must be network or application."
  }
}

variable "certificate_arn" {
  type        = string
  description = "ACM certificate of the load balancer's HTTPS (TLS) listener, covering domain_name."
}

variable "ssl_policy" {
  type        = string
  description = "TLS policy of the HTTPS (TLS) listener."
  default     = "ELBSecurityPolicy-TLS13-1-2-2021-06"
}

variable "domain_name" {
  type        = string
  description = "The API's public name (api.<zone>), made an alias of the load balancer in route53_zone_id; null uses the load balancer's own name."
  default     = null
}

variable "route53_zone_id" {
  type        = string
  description = "The platform zone: the service keeps edge and tenant CNAME records in it (LIVEPLANE_ROUTE53_ZONE_ID); domain_name's alias goes there too."
}

variable "platform_zone" {
  type        = string
  description = "Name of the platform zone (LIVEPLANE_PLATFORM_ZONE)."
}

variable "database_secret_arn" {
  type        = string
  description = "Secrets Manager secret with the database's jdbcUrl, username and password (the database module's)."
}

variable "recording_bucket" {
  type        = string
  description = "Recordings bucket (LIVEPLANE_RECORDING_BUCKET); null turns recording off."
  default     = null
}

variable "recording_region" {
  type        = string
  description = "Region of the recordings bucket (LIVEPLANE_RECORDING_REGION)."
  default     = null
}

variable "policy_arns" {
  type        = map(string)
  description = "IAM policies attached to the instances' role, by a name known at plan time (e.g. recordings and dns modules' control plane policies)."
  default     = {}
}

variable "extra_environment" {
  type        = map(string)
  description = "More variables for /etc/liveplane/control-plane.env (no secrets: user data is readable by anyone who can describe the instance)."
  default     = {}
}

variable "port" {
  type        = number
  description = "Port the service listens on (MICRONAUT_SERVER_PORT)."
  default     = 8080
}

variable "health_check_path" {
  type        = string
  description = "Path the load balancer checks (HTTP on the service's port); /openapi.yaml answers 200 without a credential and without the database."
  default     = "/openapi.yaml"
}

variable "instance_type" {
  type        = string
  description = "EC2 instance type."
  default     = "t3.large"
}

variable "architecture" {
  type        = string
  description = "CPU architecture of the AMI, x86_64 or arm64; it must match the runtime jlink put in the tarball."
  default     = "x86_64"

  validation {
    condition     = contains(["x86_64", "arm64"], var.architecture)
    error_message = "architecture must be x86_64 or arm64."
  }
}

variable "ami_id" {
  type        = string
  description = "AMI to run; null takes the latest Amazon Linux 2023 for architecture, so a newly published AMI rolls the group at the next apply (pin it in production). The user data needs the AWS CLI, python3 and systemd."
  default     = null
}

variable "root_volume_size_gb" {
  type        = number
  description = "Size of the encrypted root volume in GiB."
  default     = 20
}

variable "min_size" {
  type        = number
  description = "Fewest instances."
  default     = 2
}

variable "max_size" {
  type        = number
  description = "Most instances."
  default     = 4
}

variable "desired_capacity" {
  type        = number
  description = "Instances to run, all against the one database."
  default     = 2
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key of the secrets; null uses aws/secretsmanager."
  default     = null
}

variable "secret_recovery_window_days" {
  type        = number
  description = "Days a deleted secret can be restored (0 deletes it at once)."
  default     = 7
}

variable "deletion_protection" {
  type        = bool
  description = "Protect the load balancer from deletion."
  default     = true
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource."
  default     = {}
}
