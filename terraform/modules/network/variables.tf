variable "name" {
  type        = string
  description = "Name prefix of every resource (and the VPC's Name tag)."
}

variable "region" {
  type        = string
  description = "AWS region the VPC is in; names the S3 gateway endpoint's service (com.amazonaws.{region}.s3)."
}

variable "cidr" {
  type        = string
  description = "IPv4 CIDR block of the VPC."
  default     = "10.40.0.0/16"
}

variable "az_count" {
  type        = number
  description = "How many availability zones the subnets span (one public and one private subnet in each)."
  default     = 3

  validation {
    condition     = var.az_count >= 2 && var.az_count <= 6
    error_message = "az_count must be between 2 and 6: the database subnet group and the load balancers need two AZs."
  }
}

variable "subnet_newbits" {
  type        = number
  description = "Bits added to the VPC prefix for each subnet (4 on a /16 gives /20 subnets of 4,091 addresses)."
  default     = 4
}

variable "single_nat_gateway" {
  type        = bool
  description = "One NAT gateway for all private subnets (cheaper; the private subnets lose egress if its AZ fails) instead of one per AZ."
  default     = false
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource."
  default     = {}
}
