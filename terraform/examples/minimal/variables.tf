variable "region" {
  type        = string
  description = "AWS region of the stack."
  default     = "eu-west-1"
}

variable "name" {
  type        = string
  description = "Name prefix of every resource."
  default     = "liveplane-min"
}

variable "platform_zone" {
  type        = string
  description = "The platform zone, e.g. live.example.net."
}

variable "zone_id" {
  type        = string
  description = "An existing, delegated hosted zone for platform_zone; null creates one (delegate it before the certificate can validate)."
  default     = null
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
