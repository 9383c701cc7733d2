variable "region" {
  type        = string
  description = "AWS region of the stack (CloudFront's certificate goes to us-east-1 regardless)."
  default     = "eu-west-1"
}

variable "name" {
  type        = string
  description = "Name prefix of every resource."
  default     = "liveplane"
}

variable "environment" {
  type        = string
  description = "Environment tag (production, staging, ...)."
  default     = "production"
}

variable "platform_zone" {
  type        = string
  description = "The platform zone, e.g. live.example.net; delegate it from its parent (output name_servers) so certificates validate."
}

variable "release_version" {
  type        = string
  description = "Liveplane version whose tarballs are in the artifacts bucket."
}

variable "artifacts_bucket" {
  type        = string
  description = "Existing S3 bucket holding control-plane-<version>.tar.gz and media-node-<version>.tar.gz."
}

variable "bucket_suffix" {
  type        = string
  description = "Suffix making the recordings bucket's name globally unique (e.g. the account ID)."
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource, besides Project, Environment and ManagedBy."
  default     = {}
}
