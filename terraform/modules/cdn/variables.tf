variable "name" {
  type        = string
  description = "Name prefix of the function, policies and key value store."
}

variable "origin_domain_name" {
  type        = string
  description = "The media nodes' origin name: the NLB's (media-nodes module output origin_domain_name)."
}

variable "origin_protocol_policy" {
  type        = string
  description = "How CloudFront reaches the origin: https-only (the NLB's TLS listener; origin_domain_name must be a name its certificate covers, e.g. live.<zone>), http-only or match-viewer."
  default     = "https-only"

  validation {
    condition     = contains(["http-only", "https-only", "match-viewer"], var.origin_protocol_policy)
    error_message = "origin_protocol_policy must be http-only, https-only or match-viewer."
  }
}

variable "node_origin_suffix" {
  type        = string
  description = "Suffix of every node's own name, {node}.{suffix}, where the function sends /_n/{node}/ requests: the control plane's nodes.{zone} (dns module output node_names_suffix)."

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", var.node_origin_suffix))
    error_message = "node_origin_suffix must be a lower-case host name such as nodes.live.example.net."
  }
}

variable "node_origin_port" {
  type        = number
  description = "The nodes' plain HTTP port (media-nodes module output http_port), which CloudFront reaches a node's own origin on."
  default     = 8081

  validation {
    condition     = var.node_origin_port == 80 || (var.node_origin_port >= 1024 && var.node_origin_port <= 65535)
    error_message = "node_origin_port must be 80 or 1024-65535 (CloudFront's origin ports)."
  }
}

variable "hls_session_secret" {
  type        = string
  description = "Base64 HLS session key (the control plane's LIVEPLANE_HLS_SESSION_SECRET) the edge check verifies lp_session tokens with."
  sensitive   = true
}

variable "function_code_path" {
  type        = string
  description = "Path of the viewer-request function's code (cloudfront-js-2.0); null takes hls_token_check.js beside this module, written on branch cdn."
  default     = null
}

variable "segment_max_ttl_seconds" {
  type        = number
  description = "Longest a segment stays cached; within it the node's Cache-Control (max-age=86400, immutable) decides."
  default     = 86400

  validation {
    condition     = var.segment_max_ttl_seconds > 0
    error_message = "segment_max_ttl_seconds must be positive: caching segments is what the CDN is for."
  }
}

variable "playlist_ttl_seconds" {
  type        = number
  description = "How long a playlist may be cached (0: never, as the node's private, no-store asks; they carry the viewer's session)."
  default     = 0
}

variable "aliases" {
  type        = list(string)
  description = "Extra names of the distribution (e.g. hls.<zone>); needs acm_certificate_arn."
  default     = []
}

variable "acm_certificate_arn" {
  type        = string
  description = "ACM certificate in us-east-1 covering aliases; null uses the *.cloudfront.net certificate."
  default     = null
}

variable "create_alias_records" {
  type        = bool
  description = "Make an alias record for each of aliases in route53_zone_id (a flag, since the zone's ID may be unknown at plan)."
  default     = false
}

variable "route53_zone_id" {
  type        = string
  description = "Zone of the aliases' records when create_alias_records is true."
  default     = null
}

variable "price_class" {
  type        = string
  description = "CloudFront price class."
  default     = "PriceClass_100"
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource."
  default     = {}
}
