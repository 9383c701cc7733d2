variable "name" {
  type        = string
  description = "Name prefix of every resource; the autoscaling group is <name>-media-nodes."
}

variable "release_version" {
  type        = string
  description = "Liveplane version to run: the nodes install its media node tarball from the artifacts bucket."
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
  description = "Key of the service's tarball in the artifacts bucket; null: <artifacts_prefix>liveplane-media-node-<release_version>-linux-x64.tar.gz."
  default     = null
}

variable "control_plane_url" {
  type        = string
  description = "The control plane's base URL the nodes register with and poll (--control-plane)."
}

variable "vpc_id" {
  type        = string
  description = "VPC of the nodes and the NLB."
}

variable "vpc_cidr_block" {
  type        = string
  description = "The VPC's CIDR: the only source admitted to the admin port (NLB health checks)."
}

variable "public_subnet_ids" {
  type        = list(string)
  description = "Subnets of the NLB and the nodes (the nodes need public addresses: edge.{zone} publishes them)."
}

variable "allowed_cidr_blocks" {
  type        = list(string)
  description = "IPv4 ranges allowed to publish and play on the nodes (RTMP and HTTP ports); relay pulls between nodes come from the nodes' public addresses, so a narrower list must keep those."
  default     = ["0.0.0.0/0"]
}

variable "certificate_arn" {
  type        = string
  description = "ACM certificate of the NLB's TLS listeners (RTMPS, HTTPS), covering domain_name."
}

variable "ssl_policy" {
  type        = string
  description = "TLS policy of the NLB's TLS listeners."
  default     = "ELBSecurityPolicy-TLS13-1-2-2021-06"
}

variable "domain_name" {
  type        = string
  description = "Name of the NLB in the platform zone (e.g. live.<zone>), for RTMPS, HTTPS and the CDN's origin; null makes no record."
  default     = null
}

variable "route53_zone_id" {
  type        = string
  description = "Zone of domain_name's alias record (the platform zone); unused when domain_name is null."
  default     = null
}

variable "rtmp_port" {
  type        = number
  description = "RTMP port of the nodes and of the NLB's TCP listener."
  default     = 1935
}

variable "rtmps_port" {
  type        = number
  description = "Port of the NLB's RTMPS (TLS) listener; 443 belongs to HTTPS on the same NLB."
  default     = 1936
}

variable "allow_cloudfront_origin" {
  type        = bool
  description = "Let CloudFront's origin-facing addresses (the managed prefix list) reach the HTTP port, for the CDN's per-node origins."
  default     = true
}

variable "http_port" {
  type        = number
  description = "The nodes' HTTP-FLV and HLS port, behind the NLB's 80 (TCP) and 443 (TLS) listeners."
  default     = 8081
}

variable "admin_port" {
  type        = number
  description = "The nodes' admin port (/healthz, /metrics, /drain); the NLB checks /healthz there."
  default     = 9091
}

variable "policy_arns" {
  type        = map(string)
  description = "IAM policies attached to the nodes' role, by a name known at plan time (e.g. the recordings module's node policy)."
  default     = {}
}

variable "extra_environment" {
  type        = map(string)
  description = "More variables for /etc/liveplane/media-node.env (no secrets: user data is readable by anyone who can describe the instance)."
  default     = {}
}

variable "max_viewers" {
  type        = number
  description = "RTMP and HTTP-FLV viewers one node takes (--max-viewers); 0 for no limit."
  default     = 2000
}

variable "drain_grace_seconds" {
  type        = number
  description = "How long running sessions go on after SIGTERM (--drain-grace); the unit's stop timeout is 45 s longer."
  default     = 30
}

variable "drain_timeout_seconds" {
  type        = number
  description = "On scale-in, how long a node may drain (waiting for its streams to end) before it is stopped anyway."
  default     = 900
}

variable "deregistration_delay_seconds" {
  type        = number
  description = "How long the NLB keeps a leaving node's flows before it forgets them."
  default     = 300
}

variable "open_files_limit" {
  type        = number
  description = "LimitNOFILE of the node's unit (a viewer is a socket; 10,000 viewers need more than the default 1,024)."
  default     = 131072
}

variable "instance_type" {
  type        = string
  description = "EC2 instance type (network bandwidth first: viewers cost egress before CPU)."
  default     = "c6in.xlarge"
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
  description = "Size of the encrypted root volume in GiB (spools live there)."
  default     = 30
}

variable "min_size" {
  type        = number
  description = "Fewest nodes."
  default     = 2
}

variable "max_size" {
  type        = number
  description = "Most nodes."
  default     = 10
}

variable "desired_capacity" {
  type        = number
  description = "Nodes to start with (target tracking moves it afterwards)."
  default     = 2
}

variable "target_network_out_bytes_per_instance" {
  type        = number
  description = "Target tracking on average NetworkOut per node, in bytes per minute; null makes no scaling policy."
  default     = null
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
  description = "Protect the NLB from deletion."
  default     = true
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource."
  default     = {}
}
