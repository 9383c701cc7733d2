locals {
  zone_id   = var.create_zone ? aws_route53_zone.this[0].zone_id : var.zone_id
  zone_name = trimsuffix(lower(var.zone_name), ".")
}

# The platform zone: the control plane keeps edge.{zone} (the healthy nodes' addresses), each node's own name
# {id}.nodes.{zone} (the CDN's per-node origins) and each tenant domain's CNAME target {domain}.{tenant}.lv.{zone} in
# it (control-plane README, "Node fleet" and Configuration).
resource "aws_route53_zone" "this" {
  count = var.create_zone ? 1 : 0

  name          = local.zone_name
  comment       = "Liveplane platform zone"
  force_destroy = var.force_destroy

  tags = var.tags
}

data "aws_route53_zone" "existing" {
  count = var.create_zone ? 0 : 1

  zone_id = var.zone_id
}

# The control plane may change only the names it owns (edge, the nodes' names under nodes. and the tenants' CNAME
# targets under lv.), so a bug or a stolen instance role cannot repoint api., the load balancers' aliases or the
# certificate's validation records.
data "aws_iam_policy_document" "control_plane" {
  statement {
    sid       = "ChangePlatformRecords"
    actions   = ["route53:ChangeResourceRecordSets"]
    resources = ["arn:aws:route53:::hostedzone/${local.zone_id}"]

    condition {
      test     = "ForAllValues:StringLike"
      variable = "route53:ChangeResourceRecordSetsNormalizedRecordNames"
      values   = ["edge.${local.zone_name}", "*.nodes.${local.zone_name}", "*.lv.${local.zone_name}"]
    }

    condition {
      test     = "ForAllValues:StringEquals"
      variable = "route53:ChangeResourceRecordSetsRecordTypes"
      values   = ["A", "AAAA", "CNAME", "TXT"]
    }
  }

  statement {
    sid       = "ReadPlatformZone"
    actions   = ["route53:ListResourceRecordSets"]
    resources = ["arn:aws:route53:::hostedzone/${local.zone_id}"]
  }

  statement {
    sid       = "FollowChanges"
    actions   = ["route53:GetChange"]
    resources = ["arn:aws:route53:::change/*"]
  }
}

resource "aws_iam_policy" "control_plane" {
  name_prefix = "${var.name}-dns-cp-"
  description = "Liveplane control plane: manage edge, node and tenant CNAME records in ${local.zone_name}"
  policy      = data.aws_iam_policy_document.control_plane.json

  tags = var.tags
}

# One regional certificate for the platform's own names (api., live., the console), validated in the zone. A new
# zone must be delegated from its parent before validation can finish (the name_servers output).
resource "aws_acm_certificate" "this" {
  count = var.create_certificate ? 1 : 0

  domain_name               = local.zone_name
  subject_alternative_names = ["*.${local.zone_name}"]
  validation_method         = "DNS"

  tags = var.tags

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_route53_record" "validation" {
  for_each = var.create_certificate ? {
    for o in aws_acm_certificate.this[0].domain_validation_options : o.domain_name => o
  } : {}

  zone_id         = local.zone_id
  name            = each.value.resource_record_name
  type            = each.value.resource_record_type
  records         = [each.value.resource_record_value]
  ttl             = 300
  allow_overwrite = true
}

resource "aws_acm_certificate_validation" "this" {
  count = var.create_certificate ? 1 : 0

  certificate_arn         = aws_acm_certificate.this[0].arn
  validation_record_fqdns = [for r in aws_route53_record.validation : r.fqdn]
}
