variable "name" {
  type        = string
  description = "Name prefix of the IAM policies."
}

variable "bucket_name" {
  type        = string
  description = "Name of the recordings bucket (globally unique). The bucket holds recordings only."
}

variable "kms_key_arn" {
  type        = string
  description = "Customer managed KMS key for SSE-KMS; null encrypts with S3 managed keys (SSE-S3, AES256)."
  default     = null
}

variable "abort_incomplete_multipart_days" {
  type        = number
  description = "Days after which S3 aborts a multipart upload that was never completed (a node killed mid-upload sends the file again whole)."
  default     = 2
}

variable "transitions" {
  type = list(object({
    days          = number
    storage_class = string
  }))
  description = "Storage class transitions of recordings by age, e.g. [{ days = 30, storage_class = \"STANDARD_IA\" }]. Empty keeps them in STANDARD."
  default     = []
}

variable "expiration_days" {
  type        = number
  description = "Days after which recordings are deleted; null keeps them until the tenant deletes them."
  default     = null
}

variable "versioning" {
  type        = bool
  description = "Keep previous versions of overwritten or deleted objects (noncurrent_version_expiration_days later they go)."
  default     = false
}

variable "noncurrent_version_expiration_days" {
  type        = number
  description = "With versioning, days a noncurrent version is kept."
  default     = 30
}

variable "cors_allowed_origins" {
  type        = list(string)
  description = "Origins whose pages may fetch presigned recording URLs (GET, HEAD)."
  default     = ["*"]
}

variable "force_destroy" {
  type        = bool
  description = "Let terraform destroy delete a bucket that still holds recordings (only for throw-away stacks)."
  default     = false
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource."
  default     = {}
}
