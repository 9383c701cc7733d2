locals {
  service = "liveplane-media-node"
  # deploy/package.sh's name (branch packaging): liveplane-media-node-<version>-linux-x64.tar.gz.
  artifact_key = coalesce(var.artifact_key, "${var.artifacts_prefix}liveplane-media-node-${var.release_version}-linux-x64.tar.gz")
  # Not a reference to the group: its launch template's user data names it, and the hook is completed with it.
  asg_name  = "${var.name}-media-nodes"
  hook_name = "drain"
}

data "aws_ssm_parameter" "ami" {
  name = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${var.architecture}"
}

data "aws_partition" "current" {}

data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

# ---------------------------------------------------------------------------------------------------------------
# Secrets: the bootstrap token the operator mints after the control plane is up, and the fleet's admin token.
# ---------------------------------------------------------------------------------------------------------------

# Created empty: the token comes from the control plane (POST /admin/v1/node-tokens), so the operator stores it with
# `aws secretsmanager put-secret-value --secret-id <bootstrap_token_secret_arn> --secret-string lpb_...` and nodes
# booting before that wait for it. Terraform never holds the token.
resource "aws_secretsmanager_secret" "bootstrap_token" {
  name_prefix             = "${var.name}-node-bootstrap-"
  description             = "Liveplane media node bootstrap token (lpb_...), put by the operator"
  kms_key_id              = var.kms_key_arn
  recovery_window_in_days = var.secret_recovery_window_days

  tags = var.tags
}

# The operator's token for the nodes' POST/DELETE /drain (LIVEPLANE_NODE_ADMIN_TOKEN, media-node README "Admin
# port"), the same on every node; the scale-in drain uses it.
resource "random_password" "admin_token" {
  length  = 48
  special = false
}

resource "aws_secretsmanager_secret" "admin_token" {
  name_prefix             = "${var.name}-node-admin-"
  description             = "Liveplane media node admin token (LIVEPLANE_NODE_ADMIN_TOKEN)"
  kms_key_id              = var.kms_key_arn
  recovery_window_in_days = var.secret_recovery_window_days

  tags = var.tags
}

resource "aws_secretsmanager_secret_version" "admin_token" {
  secret_id     = aws_secretsmanager_secret.admin_token.id
  secret_string = random_password.admin_token.result
}

# ---------------------------------------------------------------------------------------------------------------
# Network. Nodes sit in public subnets with their own addresses: the control plane publishes those addresses in
# edge.{zone}, which tenants' domains CNAME to, so players and encoders reach nodes directly as well as through the
# NLB (which terminates TLS for RTMPS and HTTPS and is the CDN's origin). The NLB preserves the client's address
# (instance targets), so nodes apply IP rules and meter per client as they do without it.
# ---------------------------------------------------------------------------------------------------------------

resource "aws_security_group" "node" {
  name_prefix = "${var.name}-node-"
  description = "Liveplane media nodes"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${var.name}-media-node" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "rtmp" {
  for_each = toset(var.allowed_cidr_blocks)

  security_group_id = aws_security_group.node.id
  description       = "RTMP publish and play"
  ip_protocol       = "tcp"
  from_port         = var.rtmp_port
  to_port           = var.rtmp_port
  cidr_ipv4         = each.value

  tags = var.tags
}

resource "aws_vpc_security_group_ingress_rule" "http" {
  for_each = toset(var.allowed_cidr_blocks)

  security_group_id = aws_security_group.node.id
  description       = "HTTP-FLV and HLS (players, the CDN, other nodes' relay pulls)"
  ip_protocol       = "tcp"
  from_port         = var.http_port
  to_port           = var.http_port
  cidr_ipv4         = each.value

  tags = var.tags
}

# CloudFront reaching a node by its own name ({id}.nodes.{zone}): a viewer's requests after the first go to the node
# that opened the session (cdn module), over plain HTTP on the HLS port. Needed when allowed_cidr_blocks leaves
# CloudFront out; the managed list counts as about 55 rules against the group's quota.
data "aws_ec2_managed_prefix_list" "cloudfront" {
  count = var.allow_cloudfront_origin ? 1 : 0

  name = "com.amazonaws.global.cloudfront.origin-facing"
}

resource "aws_vpc_security_group_ingress_rule" "cloudfront" {
  count = var.allow_cloudfront_origin ? 1 : 0

  security_group_id = aws_security_group.node.id
  description       = "HLS from CloudFront to a node's own origin"
  ip_protocol       = "tcp"
  from_port         = var.http_port
  to_port           = var.http_port
  prefix_list_id    = data.aws_ec2_managed_prefix_list.cloudfront[0].id

  tags = var.tags
}

# The admin port answers /healthz, /metrics and GET /drain to anyone who reaches it: the VPC only (the NLB's health
# checks come from its addresses in the VPC), never players.
resource "aws_vpc_security_group_ingress_rule" "admin" {
  security_group_id = aws_security_group.node.id
  description       = "Admin port: NLB health checks and in-VPC monitoring"
  ip_protocol       = "tcp"
  from_port         = var.admin_port
  to_port           = var.admin_port
  cidr_ipv4         = var.vpc_cidr_block

  tags = var.tags
}

resource "aws_vpc_security_group_egress_rule" "all" {
  security_group_id = aws_security_group.node.id
  description       = "Everything out (control plane, S3, relay pulls from other nodes)"
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"

  tags = var.tags
}

# ---------------------------------------------------------------------------------------------------------------
# Load balancer. RTMPS and HTTPS terminate on the NLB with the ACM certificate: the node speaks plain RTMP and
# HTTP only, and ACM renews the certificate with no file on any node. Passthrough would need TLS in the node.
# ---------------------------------------------------------------------------------------------------------------

resource "aws_lb" "this" {
  name_prefix                      = "lpmn-"
  load_balancer_type               = "network"
  internal                         = false
  subnets                          = var.public_subnet_ids
  enable_cross_zone_load_balancing = true
  enable_deletion_protection       = var.deletion_protection

  tags = merge(var.tags, { Name = "${var.name}-media-nodes" })
}

resource "aws_lb_target_group" "rtmp" {
  name_prefix          = "lprt-"
  port                 = var.rtmp_port
  protocol             = "TCP"
  vpc_id               = var.vpc_id
  target_type          = "instance"
  preserve_client_ip   = true
  deregistration_delay = var.deregistration_delay_seconds

  health_check {
    protocol            = "HTTP"
    port                = tostring(var.admin_port)
    path                = "/healthz"
    matcher             = "200"
    interval            = 10
    healthy_threshold   = 2
    unhealthy_threshold = 2
  }

  tags = var.tags

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_lb_target_group" "http" {
  name_prefix          = "lpht-"
  port                 = var.http_port
  protocol             = "TCP"
  vpc_id               = var.vpc_id
  target_type          = "instance"
  preserve_client_ip   = true
  deregistration_delay = var.deregistration_delay_seconds

  # An HLS stream's requests must reach one node: a node relaying a stream cuts and names its own segments (media-node
  # README, "HLS through a CDN"). The NLB cannot route by stream; keeping each client address on one node keeps a
  # player's, or a CloudFront edge's, requests together while that node stays.
  stickiness {
    enabled = true
    type    = "source_ip"
  }

  health_check {
    protocol            = "HTTP"
    port                = tostring(var.admin_port)
    path                = "/healthz"
    matcher             = "200"
    interval            = 10
    healthy_threshold   = 2
    unhealthy_threshold = 2
  }

  tags = var.tags

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_lb_listener" "rtmp" {
  load_balancer_arn = aws_lb.this.arn
  port              = var.rtmp_port
  protocol          = "TCP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.rtmp.arn
  }

  tags = var.tags
}

resource "aws_lb_listener" "rtmps" {
  load_balancer_arn = aws_lb.this.arn
  port              = var.rtmps_port
  protocol          = "TLS"
  ssl_policy        = var.ssl_policy
  certificate_arn   = var.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.rtmp.arn
  }

  tags = var.tags
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.this.arn
  port              = 80
  protocol          = "TCP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.http.arn
  }

  tags = var.tags
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.this.arn
  port              = 443
  protocol          = "TLS"
  ssl_policy        = var.ssl_policy
  certificate_arn   = var.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.http.arn
  }

  tags = var.tags
}

# count on domain_name alone: the zone's ID may be unknown until apply, and count must be known at plan.
resource "aws_route53_record" "nlb" {
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
  name_prefix        = "${var.name}-node-"
  description        = "Liveplane media nodes"
  assume_role_policy = data.aws_iam_policy_document.assume.json

  tags = var.tags
}

data "aws_iam_policy_document" "node" {
  statement {
    sid       = "ReadTarball"
    actions   = ["s3:GetObject"]
    resources = ["arn:${data.aws_partition.current.partition}:s3:::${var.artifacts_bucket}/${local.artifact_key}"]
  }

  # Just these two secrets: the bootstrap token and the fleet's admin token.
  statement {
    sid       = "ReadNodeSecrets"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [aws_secretsmanager_secret.bootstrap_token.arn, aws_secretsmanager_secret.admin_token.arn]
  }

  # The drain watcher completes the termination hook of its own group.
  statement {
    sid = "CompleteDrainHook"
    actions = [
      "autoscaling:CompleteLifecycleAction",
      "autoscaling:RecordLifecycleActionHeartbeat",
    ]
    resources = [
      "arn:${data.aws_partition.current.partition}:autoscaling:${data.aws_region.current.region}:${data.aws_caller_identity.current.account_id}:autoScalingGroup:*:autoScalingGroupName/${local.asg_name}",
    ]
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

resource "aws_iam_role_policy" "node" {
  name   = "node"
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.node.json
}

resource "aws_iam_role_policy_attachment" "ssm" {
  role       = aws_iam_role.this.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore"
}

# The recordings module's upload policy, among others.
resource "aws_iam_role_policy_attachment" "extra" {
  for_each = var.policy_arns

  role       = aws_iam_role.this.name
  policy_arn = each.value
}

resource "aws_iam_instance_profile" "this" {
  name_prefix = "${var.name}-node-"
  role        = aws_iam_role.this.name

  tags = var.tags
}

resource "aws_launch_template" "this" {
  name_prefix   = "${var.name}-node-"
  description   = "Liveplane media node ${var.release_version}"
  image_id      = var.ami_id != null ? var.ami_id : data.aws_ssm_parameter.ami.insecure_value
  instance_type = var.instance_type

  iam_instance_profile {
    arn = aws_iam_instance_profile.this.arn
  }

  network_interfaces {
    associate_public_ip_address = true
    security_groups             = [aws_security_group.node.id]
    delete_on_termination       = true
  }

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
    instance_metadata_tags      = "disabled"
  }

  # One-minute NetworkOut for the scaling policy (basic monitoring sums five minutes).
  monitoring {
    enabled = true
  }

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      # The state directory holds the event, usage and recording spools (2 GiB of recordings by default).
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
    service                = local.service
    bootstrap_token_secret = aws_secretsmanager_secret.bootstrap_token.arn
    admin_token_secret     = aws_secretsmanager_secret.admin_token.arn
    control_plane_url      = var.control_plane_url
    rtmp_port              = var.rtmp_port
    http_port              = var.http_port
    admin_port             = var.admin_port
    max_viewers            = var.max_viewers
    drain_grace_seconds    = var.drain_grace_seconds
    drain_timeout_seconds  = var.drain_timeout_seconds
    open_files_limit       = var.open_files_limit
    asg_name               = local.asg_name
    hook_name              = local.hook_name
    extra_environment      = var.extra_environment
    drain_watcher          = file("${path.module}/drain-on-termination.sh")
  }))

  tag_specifications {
    resource_type = "instance"
    tags          = merge(var.tags, { Name = "${var.name}-media-node" })
  }

  tag_specifications {
    resource_type = "volume"
    tags          = merge(var.tags, { Name = "${var.name}-media-node" })
  }

  tags = var.tags

  depends_on = [aws_secretsmanager_secret_version.admin_token]
}

resource "aws_autoscaling_group" "this" {
  name                = local.asg_name
  vpc_zone_identifier = var.public_subnet_ids
  min_size            = var.min_size
  max_size            = var.max_size
  desired_capacity    = var.desired_capacity
  target_group_arns   = [aws_lb_target_group.rtmp.arn, aws_lb_target_group.http.arn]

  # EC2, not ELB: a node the operator drains answers /healthz 503 on purpose, and must not be replaced for it.
  health_check_type         = "EC2"
  health_check_grace_period = 300
  default_instance_warmup   = 120

  launch_template {
    id      = aws_launch_template.this.id
    version = aws_launch_template.this.latest_version
  }

  # Scale-in (and instance refresh) waits in Terminating:Wait while the node drains; the node's drain watcher
  # completes the action (drain-on-termination.sh). If the watcher cannot, the timeout lets termination go on.
  initial_lifecycle_hook {
    name                 = local.hook_name
    lifecycle_transition = "autoscaling:EC2_INSTANCE_TERMINATING"
    heartbeat_timeout    = var.drain_timeout_seconds + 120
    default_result       = "CONTINUE"
  }

  instance_refresh {
    strategy = "Rolling"

    preferences {
      min_healthy_percentage = 75
    }
  }

  dynamic "tag" {
    for_each = merge(var.tags, { Name = "${var.name}-media-node" })

    content {
      key                 = tag.key
      value               = tag.value
      propagate_at_launch = true
    }
  }
}

resource "aws_autoscaling_policy" "network_out" {
  count = var.target_network_out_bytes_per_instance != null ? 1 : 0

  name                   = "${var.name}-media-nodes-network-out"
  autoscaling_group_name = aws_autoscaling_group.this.name
  policy_type            = "TargetTrackingScaling"

  # Viewers cost egress before they cost CPU: scale on bytes sent per instance.
  target_tracking_configuration {
    predefined_metric_specification {
      predefined_metric_type = "ASGAverageNetworkOut"
    }
    target_value = var.target_network_out_bytes_per_instance
  }
}
