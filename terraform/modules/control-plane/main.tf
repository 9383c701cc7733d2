locals {
  service = "liveplane-control-plane"
  # deploy/package.sh's name (branch packaging): liveplane-control-plane-<version>-linux-x64.tar.gz.
  artifact_key = coalesce(var.artifact_key, "${var.artifacts_prefix}liveplane-control-plane-${var.release_version}-linux-x64.tar.gz")
  api_host     = var.domain_name != null ? var.domain_name : aws_lb.this.dns_name
  application  = var.load_balancer_type == "application"
}

data "aws_ssm_parameter" "ami" {
  name = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${var.architecture}"
}

data "aws_partition" "current" {}

# ---------------------------------------------------------------------------------------------------------------
# Secrets the service refuses to start without in production (MICRONAUT_ENVIRONMENTS=prod, control-plane README
# "Configuration"). Every instance must hold the same ones, so they are generated once here and read at boot.
# ---------------------------------------------------------------------------------------------------------------

resource "random_bytes" "master_key" {
  length = 32
}

resource "random_bytes" "hls_session_secret" {
  length = 32
}

resource "random_password" "jwt_secret" {
  length  = 64
  special = false
}

resource "random_password" "node_credential_secret" {
  length  = 64
  special = false
}

resource "random_password" "operator_token" {
  length  = 48
  special = false
}

resource "aws_secretsmanager_secret" "app" {
  name_prefix             = "${var.name}-control-plane-"
  description             = "Liveplane control plane secrets (LIVEPLANE_MASTER_KEY, _JWT_SECRET, _NODE_CREDENTIAL_SECRET, _HLS_SESSION_SECRET, _OPERATOR_TOKEN)"
  kms_key_id              = var.kms_key_arn
  recovery_window_in_days = var.secret_recovery_window_days

  tags = var.tags
}

resource "aws_secretsmanager_secret_version" "app" {
  secret_id = aws_secretsmanager_secret.app.id
  secret_string = jsonencode({
    LIVEPLANE_MASTER_KEY             = random_bytes.master_key.base64
    LIVEPLANE_JWT_SECRET             = random_password.jwt_secret.result
    LIVEPLANE_NODE_CREDENTIAL_SECRET = random_password.node_credential_secret.result
    LIVEPLANE_HLS_SESSION_SECRET     = random_bytes.hls_session_secret.base64
    LIVEPLANE_OPERATOR_TOKEN         = random_password.operator_token.result
  })
}

# ---------------------------------------------------------------------------------------------------------------
# Network: the load balancer takes HTTPS from the internet (tenants, the console, media nodes' /internal/v1 calls);
# the instances take the service's port from the load balancer's security group only.
# ---------------------------------------------------------------------------------------------------------------

resource "aws_security_group" "lb" {
  name_prefix = "${var.name}-cp-lb-"
  description = "Liveplane control plane load balancer"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${var.name}-cp-lb" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "lb_https" {
  for_each = toset(var.allowed_cidr_blocks)

  security_group_id = aws_security_group.lb.id
  description       = "HTTPS"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = each.value

  tags = var.tags
}

resource "aws_vpc_security_group_ingress_rule" "lb_http" {
  for_each = local.application ? toset(var.allowed_cidr_blocks) : toset([])

  security_group_id = aws_security_group.lb.id
  description       = "HTTP, redirected to HTTPS"
  ip_protocol       = "tcp"
  from_port         = 80
  to_port           = 80
  cidr_ipv4         = each.value

  tags = var.tags
}

resource "aws_vpc_security_group_egress_rule" "lb_to_instances" {
  security_group_id            = aws_security_group.lb.id
  description                  = "To the control plane instances"
  ip_protocol                  = "tcp"
  from_port                    = var.port
  to_port                      = var.port
  referenced_security_group_id = aws_security_group.instance.id

  tags = var.tags
}

resource "aws_security_group" "instance" {
  name_prefix = "${var.name}-cp-"
  description = "Liveplane control plane instances"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${var.name}-control-plane" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "instance_from_lb" {
  security_group_id            = aws_security_group.instance.id
  description                  = "API and health checks from the load balancer"
  ip_protocol                  = "tcp"
  from_port                    = var.port
  to_port                      = var.port
  referenced_security_group_id = aws_security_group.lb.id

  tags = var.tags
}

# Out to the database, S3, Route53, Secrets Manager, public DNS (ownership checks) and tenants' webhook URLs.
resource "aws_vpc_security_group_egress_rule" "instance_all" {
  security_group_id = aws_security_group.instance.id
  description       = "Everything out (webhooks reach any public address)"
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"

  tags = var.tags
}

# ---------------------------------------------------------------------------------------------------------------
# Load balancer
# ---------------------------------------------------------------------------------------------------------------

# A network load balancer by default: it ends TLS and still hands the service the client's own address, which the
# control plane's rate limits count against (web/ClientAddress: the TCP peer; forwarded headers are not trusted,
# since any client can set them). Behind an ALB every client is the ALB's address, so the per-address limits on
# sign-ups, log-ins and bootstrap tokens would hold for all clients together. "application" gives the ALB (HTTP to
# HTTPS redirect, invalid headers dropped) for an operator who accepts that.
resource "aws_lb" "this" {
  name_prefix                      = "lpcp-"
  load_balancer_type               = var.load_balancer_type
  internal                         = false
  subnets                          = var.public_subnet_ids
  security_groups                  = [aws_security_group.lb.id]
  enable_cross_zone_load_balancing = local.application ? null : true
  enable_deletion_protection       = var.deletion_protection

  # Nodes long-poll their config for up to 60 s; the service closes connections idle for 2 min. (An NLB keeps an
  # idle TCP flow 350 s.)
  idle_timeout               = local.application ? 90 : null
  drop_invalid_header_fields = local.application ? true : null

  tags = merge(var.tags, { Name = "${var.name}-control-plane" })
}

resource "aws_lb_target_group" "this" {
  name_prefix          = "lpcp-"
  port                 = var.port
  protocol             = local.application ? "HTTP" : "TCP"
  vpc_id               = var.vpc_id
  target_type          = "instance"
  deregistration_delay = 70
  preserve_client_ip   = local.application ? null : true

  health_check {
    protocol            = "HTTP"
    path                = var.health_check_path
    matcher             = "200"
    interval            = 15
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }

  tags = var.tags

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.this.arn
  port              = 443
  protocol          = local.application ? "HTTPS" : "TLS"
  ssl_policy        = var.ssl_policy
  certificate_arn   = var.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this.arn
  }

  tags = var.tags
}

resource "aws_lb_listener" "http" {
  count = local.application ? 1 : 0

  load_balancer_arn = aws_lb.this.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"

    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }

  tags = var.tags
}

# count on domain_name alone: the zone's ID may be unknown until apply, and count must be known at plan.
resource "aws_route53_record" "api" {
  count = var.domain_name != null ? 1 : 0

  zone_id = var.route53_zone_id
  name    = var.domain_name
  type    = "A"

  alias {
    name                   = aws_lb.this.dns_name
    zone_id                = aws_lb.this.zone_id
    evaluate_target_health = true
  }
}

# ---------------------------------------------------------------------------------------------------------------
# Instances
# ---------------------------------------------------------------------------------------------------------------

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "this" {
  name_prefix        = "${var.name}-cp-"
  description        = "Liveplane control plane instances"
  assume_role_policy = data.aws_iam_policy_document.assume.json

  tags = var.tags
}

data "aws_iam_policy_document" "boot" {
  statement {
    sid       = "ReadTarball"
    actions   = ["s3:GetObject"]
    resources = ["arn:${data.aws_partition.current.partition}:s3:::${var.artifacts_bucket}/${local.artifact_key}"]
  }

  statement {
    sid       = "ReadSecrets"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [aws_secretsmanager_secret.app.arn, var.database_secret_arn]
  }

  dynamic "statement" {
    for_each = var.kms_key_arn == null ? [] : [var.kms_key_arn]

    content {
      sid       = "DecryptSecrets"
      actions   = ["kms:Decrypt"]
      resources = [statement.value]
    }
  }
}

resource "aws_iam_role_policy" "boot" {
  name   = "boot"
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.boot.json
}

# Session Manager instead of SSH: no key pair, no port 22.
resource "aws_iam_role_policy_attachment" "ssm" {
  role       = aws_iam_role.this.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore"
}

# The recordings module's read/delete policy and the dns module's record policy, among others.
resource "aws_iam_role_policy_attachment" "extra" {
  for_each = var.policy_arns

  role       = aws_iam_role.this.name
  policy_arn = each.value
}

resource "aws_iam_instance_profile" "this" {
  name_prefix = "${var.name}-cp-"
  role        = aws_iam_role.this.name

  tags = var.tags
}

resource "aws_launch_template" "this" {
  name_prefix   = "${var.name}-cp-"
  description   = "Liveplane control plane ${var.release_version}"
  image_id      = var.ami_id != null ? var.ami_id : data.aws_ssm_parameter.ami.insecure_value
  instance_type = var.instance_type

  vpc_security_group_ids = [aws_security_group.instance.id]

  iam_instance_profile {
    arn = aws_iam_instance_profile.this.arn
  }

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
    instance_metadata_tags      = "disabled"
  }

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      volume_size           = var.root_volume_size_gb
      volume_type           = "gp3"
      encrypted             = true
      delete_on_termination = true
    }
  }

  user_data = base64encode(templatefile("${path.module}/user_data.sh.tftpl", {
    common = templatefile("${path.module}/../../bootstrap/common.sh.tftpl", {
      artifacts_bucket = var.artifacts_bucket
      artifact_key     = local.artifact_key
      service          = local.service
    })
    service             = local.service
    app_secret_arn      = aws_secretsmanager_secret.app.arn
    database_secret_arn = var.database_secret_arn
    port                = var.port
    platform_zone       = var.platform_zone
    route53_zone_id     = var.route53_zone_id
    recording_bucket    = var.recording_bucket
    recording_region    = var.recording_region
    public_api_url      = "https://${local.api_host}"
    extra_environment   = var.extra_environment
  }))

  tag_specifications {
    resource_type = "instance"
    tags          = merge(var.tags, { Name = "${var.name}-control-plane" })
  }

  tag_specifications {
    resource_type = "volume"
    tags          = merge(var.tags, { Name = "${var.name}-control-plane" })
  }

  tags = var.tags

  # The secrets' value must exist before an instance boots and reads it.
  depends_on = [aws_secretsmanager_secret_version.app]
}

resource "aws_autoscaling_group" "this" {
  name_prefix         = "${var.name}-cp-"
  vpc_zone_identifier = var.private_subnet_ids
  min_size            = var.min_size
  max_size            = var.max_size
  desired_capacity    = var.desired_capacity
  target_group_arns   = [aws_lb_target_group.this.arn]

  health_check_type         = "ELB"
  health_check_grace_period = 300
  default_instance_warmup   = 120

  launch_template {
    id      = aws_launch_template.this.id
    version = aws_launch_template.this.latest_version
  }

  # A new release or launch template replaces the instances a few at a time, the API staying up.
  instance_refresh {
    strategy = "Rolling"

    preferences {
      min_healthy_percentage = 50
    }
  }

  dynamic "tag" {
    for_each = merge(var.tags, { Name = "${var.name}-control-plane" })

    content {
      key                 = tag.key
      value               = tag.value
      propagate_at_launch = true
    }
  }
}
