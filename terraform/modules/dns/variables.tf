variable "name" {
  type        = string
  description = "Name prefix of the IAM policy."
}

variable "zone_name" {
  type        = string
  description = "The platform zone (LIVEPLANE_PLATFORM_ZONE), e.g. live.example.net; tenants CNAME to names under it."
}

variable "create_zone" {
  type        = bool
  description = "Create the hosted zone; false uses zone_id, an existing zone for zone_name."
  default     = true
}

variable "zone_id" {
  type        = string
  description = "ID of an existing hosted zone for zone_name, used when create_zone is false."
  default     = null
}

variable "create_certificate" {
  type        = bool
  description = "Issue a regional ACM certificate for the zone and *.zone, validated by DNS in the zone."
  default     = true
}

variable "force_destroy" {
  type        = bool
  description = "Let terraform destroy delete the zone with the records the control plane wrote in it."
  default     = false
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource."
  default     = {}
}
