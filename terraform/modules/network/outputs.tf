output "vpc_id" {
  description = "ID of the VPC."
  value       = aws_vpc.this.id
}

output "vpc_cidr_block" {
  description = "IPv4 CIDR block of the VPC (the NLB's health checks and the admin port's rule come from it)."
  value       = aws_vpc.this.cidr_block
}

output "public_subnet_ids" {
  description = "IDs of the public subnets, one per AZ."
  value       = aws_subnet.public[*].id
}

output "private_subnet_ids" {
  description = "IDs of the private subnets, one per AZ."
  value       = aws_subnet.private[*].id
}

output "availability_zones" {
  description = "The availability zones the subnets are in."
  value       = local.azs
}

output "nat_public_ips" {
  description = "Public addresses of the NAT gateways: the control plane's outbound address (webhooks, DNS checks)."
  value       = aws_eip.nat[*].public_ip
}
