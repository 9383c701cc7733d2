provider "aws" {
  region = var.region

  default_tags {
    tags = local.tags
  }
}

locals {
  name = var.name
  tags = merge(var.tags, {
    Project     = "liveplane"
    Environment = "minimal"
    ManagedBy   = "terraform"
  })
}

# The least that runs the platform: two AZs and one NAT gateway, one control plane, one node, a single-AZ database
# that terraform destroy may remove. No CDN (HLS is served by the nodes). Not for production.
module "network" {
  source = "../../modules/network"

  name               = local.name
  region             = var.region
  az_count           = 2
  single_nat_gateway = true

  tags = local.tags
}

module "dns" {
  source = "../../modules/dns"

  name        = local.name
  zone_name   = var.platform_zone
  create_zone = var.zone_id == null
  zone_id     = var.zone_id

  tags = local.tags
}

module "recordings" {
  source = "../../modules/recordings"

  name          = local.name
  bucket_name   = "${local.name}-recordings-${var.bucket_suffix}"
  force_destroy = true

  tags = local.tags
}

module "database" {
  source = "../../modules/database"

  name                         = local.name
  vpc_id                       = module.network.vpc_id
  subnet_ids                   = module.network.private_subnet_ids
  allowed_security_group_ids   = [module.control_plane.security_group_id]
  instance_class               = "db.t4g.micro"
  allocated_storage_gb         = 20
  multi_az                     = false
  backup_retention_days        = 1
  deletion_protection          = false
  skip_final_snapshot          = true
  performance_insights_enabled = false
  secret_recovery_window_days  = 0

  tags = local.tags
}

module "control_plane" {
  source = "../../modules/control-plane"

  name             = local.name
  release_version  = var.release_version
  artifacts_bucket = var.artifacts_bucket

  vpc_id             = module.network.vpc_id
  public_subnet_ids  = module.network.public_subnet_ids
  private_subnet_ids = module.network.private_subnet_ids
  certificate_arn    = module.dns.certificate_arn
  domain_name        = "api.${module.dns.zone_name}"
  route53_zone_id    = module.dns.zone_id
  platform_zone      = module.dns.zone_name

  database_secret_arn = module.database.credentials_secret_arn
  recording_bucket    = module.recordings.bucket_name
  recording_region    = module.recordings.bucket_region
  policy_arns = {
    recordings = module.recordings.control_plane_policy_arn
    dns        = module.dns.control_plane_policy_arn
  }

  instance_type               = "t3.medium"
  min_size                    = 1
  desired_capacity            = 1
  max_size                    = 1
  deletion_protection         = false
  secret_recovery_window_days = 0

  tags = local.tags
}

module "media_nodes" {
  source = "../../modules/media-nodes"

  name              = local.name
  release_version   = var.release_version
  artifacts_bucket  = var.artifacts_bucket
  control_plane_url = module.control_plane.api_url

  vpc_id            = module.network.vpc_id
  vpc_cidr_block    = module.network.vpc_cidr_block
  public_subnet_ids = module.network.public_subnet_ids
  certificate_arn   = module.dns.certificate_arn
  domain_name       = "live.${module.dns.zone_name}"
  route53_zone_id   = module.dns.zone_id

  policy_arns = {
    recordings = module.recordings.node_policy_arn
  }

  instance_type               = "c6i.large"
  min_size                    = 1
  desired_capacity            = 1
  max_size                    = 2
  deletion_protection         = false
  secret_recovery_window_days = 0

  tags = local.tags
}
