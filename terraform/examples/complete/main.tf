provider "aws" {
  region = var.region

  default_tags {
    tags = local.tags
  }
}

# CloudFront takes certificates from us-east-1 only.
provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"

  default_tags {
    tags = local.tags
  }
}

locals {
  name = var.name
  tags = merge(var.tags, {
    Project     = "liveplane"
    Environment = var.environment
    ManagedBy   = "terraform"
  })
}

module "network" {
  source = "../../modules/network"

  name     = local.name
  region   = var.region
  cidr     = "10.40.0.0/16"
  az_count = 3

  tags = local.tags
}

module "dns" {
  source = "../../modules/dns"

  name      = local.name
  zone_name = var.platform_zone

  tags = local.tags
}

module "recordings" {
  source = "../../modules/recordings"

  name                            = local.name
  bucket_name                     = "${local.name}-recordings-${var.bucket_suffix}"
  abort_incomplete_multipart_days = 2
  transitions = [
    { days = 30, storage_class = "STANDARD_IA" },
    { days = 90, storage_class = "GLACIER_IR" },
  ]
  expiration_days = 365

  tags = local.tags
}

module "database" {
  source = "../../modules/database"

  name                       = local.name
  vpc_id                     = module.network.vpc_id
  subnet_ids                 = module.network.private_subnet_ids
  allowed_security_group_ids = [module.control_plane.security_group_id]
  instance_class             = "db.r7g.large"
  multi_az                   = true
  backup_retention_days      = 14

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

  min_size         = 2
  desired_capacity = 2
  max_size         = 4

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

  min_size         = 2
  desired_capacity = 3
  max_size         = 20
  # About 1.5 Gbit/s per node averaged over a minute (NetworkOut is bytes per period).
  target_network_out_bytes_per_instance = 11250000000

  tags = local.tags
}

# The CDN's own name, hls.<zone>, with its certificate in us-east-1 validated in the platform zone.
resource "aws_acm_certificate" "cdn" {
  provider = aws.us_east_1

  domain_name       = "hls.${module.dns.zone_name}"
  validation_method = "DNS"

  tags = local.tags

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_route53_record" "cdn_validation" {
  for_each = { for o in aws_acm_certificate.cdn.domain_validation_options : o.domain_name => o }

  zone_id         = module.dns.zone_id
  name            = each.value.resource_record_name
  type            = each.value.resource_record_type
  records         = [each.value.resource_record_value]
  ttl             = 300
  allow_overwrite = true
}

resource "aws_acm_certificate_validation" "cdn" {
  provider = aws.us_east_1

  certificate_arn         = aws_acm_certificate.cdn.arn
  validation_record_fqdns = [for r in aws_route53_record.cdn_validation : r.fqdn]
}

module "cdn" {
  source = "../../modules/cdn"

  name               = local.name
  origin_domain_name = module.media_nodes.origin_domain_name
  node_origin_suffix = module.dns.node_names_suffix
  node_origin_port   = module.media_nodes.http_port
  hls_session_secret = module.control_plane.hls_session_secret

  aliases              = ["hls.${module.dns.zone_name}"]
  acm_certificate_arn  = aws_acm_certificate_validation.cdn.certificate_arn
  create_alias_records = true
  route53_zone_id      = module.dns.zone_id

  tags = local.tags
}
