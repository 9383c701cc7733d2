locals {
  # The edge check is written on branch cdn (issue 17, "HLS through a CDN"); a caller may point at another file.
  function_code_path = coalesce(var.function_code_path, "${path.module}/hls_token_check.js")
  origin_id          = "media-nodes"
  # The keys hls_token_check.js reads.
  kvs_secret_key      = "hls-session-secret"
  kvs_node_suffix_key = "node-origin-suffix"
  kvs_node_port_key   = "node-origin-port"
}

# The HLS session key the nodes sign lp_session tokens with (the control plane's LIVEPLANE_HLS_SESSION_SECRET, sent
# to nodes in the config snapshot), for the function to check the same tokens at the edge. A function's code is
# readable by whoever can describe it; a KeyValueStore entry is read only through the function's association and
# the KVS API. The value still sits in terraform state, as every generated secret here does.
resource "aws_cloudfront_key_value_store" "this" {
  name    = "${var.name}-hls"
  comment = "Liveplane: keys of the HLS edge check"
}

resource "aws_cloudfrontkeyvaluestore_key" "hls_session_secret" {
  key_value_store_arn = aws_cloudfront_key_value_store.this.arn
  key                 = local.kvs_secret_key
  value               = var.hls_session_secret
}

# Where the function sends a request whose path names a node (/_n/{node}/...): the origin {node}.{suffix}, the name
# the control plane keeps for every reachable node (nodes.{zone}), over plain HTTP on the nodes' port (the nodes have
# no TLS of their own; the NLB terminates it). Not secrets: in the store so the function's code stays one file.
resource "aws_cloudfrontkeyvaluestore_key" "node_origin_suffix" {
  key_value_store_arn = aws_cloudfront_key_value_store.this.arn
  key                 = local.kvs_node_suffix_key
  value               = var.node_origin_suffix
}

resource "aws_cloudfrontkeyvaluestore_key" "node_origin_port" {
  key_value_store_arn = aws_cloudfront_key_value_store.this.arn
  key                 = local.kvs_node_port_key
  value               = tostring(var.node_origin_port)
}

resource "aws_cloudfront_function" "hls_token_check" {
  name                         = "${var.name}-hls-token-check"
  runtime                      = "cloudfront-js-2.0"
  comment                      = "Refuses HLS requests without a valid lp_session token; routes /_n/{node}/ to that node"
  publish                      = true
  code                         = file(local.function_code_path)
  key_value_store_associations = [aws_cloudfront_key_value_store.this.arn]
}

# Segments: one cache entry per segment for every viewer. The key is the path and vhost (the domain, which the
# edge check and the node read); the per-viewer lp_session stays out of it. A segment's path names its node and its
# publish (/_n/{node}/{app}/{stream}/seg-{publish}-{seq}.ts), so each node serving a stream has its own entries, and
# another tenant's stream of the same name, or the same stream published again, never shares one. The node's Cache-Control decides how long (max-age=86400, immutable); min TTL 0 so
# its no-store on refusals and 404s holds, default TTL 0 so a response without the header is not kept.
resource "aws_cloudfront_cache_policy" "segments" {
  name        = "${var.name}-hls-segments"
  comment     = "Liveplane HLS segments: path and vhost; no per-viewer token"
  min_ttl     = 0
  default_ttl = 0
  max_ttl     = var.segment_max_ttl_seconds

  parameters_in_cache_key_and_forwarded_to_origin {
    enable_accept_encoding_brotli = false
    enable_accept_encoding_gzip   = false

    cookies_config {
      cookie_behavior = "none"
    }

    headers_config {
      header_behavior = "none"
    }

    query_strings_config {
      query_string_behavior = "whitelist"

      query_strings {
        items = ["vhost"]
      }
    }
  }
}

# Playlists name the viewer's own session in their URIs (the node sends them private, no-store): not cached by
# default (CachingDisabled: CloudFront takes no cache key settings with a TTL of 0), else cached at most
# playlist_ttl_seconds and keyed on the whole query so no viewer gets another's.
resource "aws_cloudfront_cache_policy" "playlists" {
  count = var.playlist_ttl_seconds > 0 ? 1 : 0

  name        = "${var.name}-hls-playlists"
  comment     = "Liveplane HLS playlists: short-lived, keyed per viewer"
  min_ttl     = 0
  default_ttl = var.playlist_ttl_seconds
  max_ttl     = var.playlist_ttl_seconds

  parameters_in_cache_key_and_forwarded_to_origin {
    enable_accept_encoding_brotli = true
    enable_accept_encoding_gzip   = true

    cookies_config {
      cookie_behavior = "none"
    }

    headers_config {
      header_behavior = "none"
    }

    query_strings_config {
      query_string_behavior = "all"
    }
  }
}

# For cached paths the node still checks what reaches it (the segment's lp_session, the playlist's signature): the
# whole query goes to the origin, outside the cache key. CloudFront sends the token of the request that missed.
resource "aws_cloudfront_origin_request_policy" "forward_query" {
  name    = "${var.name}-hls-forward-query"
  comment = "Liveplane: the whole query string to the media nodes"

  cookies_config {
    cookie_behavior = "none"
  }

  headers_config {
    header_behavior = "whitelist"

    headers {
      items = ["Origin", "Access-Control-Request-Method", "Access-Control-Request-Headers"]
    }
  }

  query_strings_config {
    query_string_behavior = "all"
  }
}

data "aws_cloudfront_cache_policy" "disabled" {
  name = "Managed-CachingDisabled"
}

# What is not cached goes to the node as the viewer sent it, but for Host: the origin is reached by its own name
# (over HTTPS, its certificate must match it; a node's own origin, {node}.{suffix}, over HTTP), and the domain
# travels in vhost.
data "aws_cloudfront_origin_request_policy" "all_viewer" {
  name = "Managed-AllViewerExceptHostHeader"
}

resource "aws_cloudfront_distribution" "this" {
  enabled         = true
  comment         = "Liveplane HLS"
  is_ipv6_enabled = true
  http_version    = "http2and3"
  price_class     = var.price_class
  aliases         = var.aliases

  # The default origin: any node, through the NLB (a player's first playlist request, old links). The function
  # changes the domain, port and protocol of a request naming a node; the rest of these settings stay.
  origin {
    origin_id   = local.origin_id
    domain_name = var.origin_domain_name

    custom_origin_config {
      http_port                = 80
      https_port               = 443
      origin_protocol_policy   = var.origin_protocol_policy
      origin_ssl_protocols     = ["TLSv1.2"]
      origin_read_timeout      = 30
      origin_keepalive_timeout = 5
    }
  }

  ordered_cache_behavior {
    path_pattern             = "*.ts"
    target_origin_id         = local.origin_id
    viewer_protocol_policy   = "redirect-to-https"
    allowed_methods          = ["GET", "HEAD", "OPTIONS"]
    cached_methods           = ["GET", "HEAD"]
    compress                 = false
    cache_policy_id          = aws_cloudfront_cache_policy.segments.id
    origin_request_policy_id = aws_cloudfront_origin_request_policy.forward_query.id

    function_association {
      event_type   = "viewer-request"
      function_arn = aws_cloudfront_function.hls_token_check.arn
    }
  }

  ordered_cache_behavior {
    path_pattern             = "*.m3u8"
    target_origin_id         = local.origin_id
    viewer_protocol_policy   = "redirect-to-https"
    allowed_methods          = ["GET", "HEAD", "OPTIONS"]
    cached_methods           = ["GET", "HEAD"]
    compress                 = true
    cache_policy_id          = var.playlist_ttl_seconds > 0 ? aws_cloudfront_cache_policy.playlists[0].id : data.aws_cloudfront_cache_policy.disabled.id
    origin_request_policy_id = var.playlist_ttl_seconds > 0 ? aws_cloudfront_origin_request_policy.forward_query.id : data.aws_cloudfront_origin_request_policy.all_viewer.id

    function_association {
      event_type   = "viewer-request"
      function_arn = aws_cloudfront_function.hls_token_check.arn
    }
  }

  # Anything else (HTTP-FLV is an endless response, served by the nodes directly) passes through uncached.
  default_cache_behavior {
    target_origin_id         = local.origin_id
    viewer_protocol_policy   = "redirect-to-https"
    allowed_methods          = ["GET", "HEAD", "OPTIONS"]
    cached_methods           = ["GET", "HEAD"]
    compress                 = false
    cache_policy_id          = data.aws_cloudfront_cache_policy.disabled.id
    origin_request_policy_id = data.aws_cloudfront_origin_request_policy.all_viewer.id

    function_association {
      event_type   = "viewer-request"
      function_arn = aws_cloudfront_function.hls_token_check.arn
    }
  }

  # A segment asked for before it is cut is asked again: refusals and 404s are never kept.
  dynamic "custom_error_response" {
    for_each = [403, 404]

    content {
      error_code            = custom_error_response.value
      error_caching_min_ttl = 0
    }
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = var.acm_certificate_arn == null
    acm_certificate_arn            = var.acm_certificate_arn
    ssl_support_method             = var.acm_certificate_arn == null ? null : "sni-only"
    minimum_protocol_version       = var.acm_certificate_arn == null ? "TLSv1" : "TLSv1.2_2021"
  }

  tags = var.tags
}

resource "aws_route53_record" "alias" {
  for_each = var.create_alias_records ? toset(var.aliases) : toset([])

  zone_id = var.route53_zone_id
  name    = each.value
  type    = "A"

  alias {
    name                   = aws_cloudfront_distribution.this.domain_name
    zone_id                = aws_cloudfront_distribution.this.hosted_zone_id
    evaluate_target_health = false
  }
}
