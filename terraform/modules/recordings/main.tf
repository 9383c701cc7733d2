locals {
  kms           = var.kms_key_arn != null
  objects_arn   = "${aws_s3_bucket.this.arn}/*"
  sse_algorithm = local.kms ? "aws:kms" : "AES256"
}

# A bucket of its own for recordings. Object keys start with the tenant's push domain ({domain}/{app}/{stream}/...,
# control-plane README "Recording": a key template must start with {domain}/), so the "recordings prefix" the
# policies below name is the whole bucket; nothing else may be stored here.
resource "aws_s3_bucket" "this" {
  bucket        = var.bucket_name
  force_destroy = var.force_destroy

  tags = var.tags
}

resource "aws_s3_bucket_ownership_controls" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket = aws_s3_bucket.this.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = local.sse_algorithm
      kms_master_key_id = var.kms_key_arn
    }
    bucket_key_enabled = local.kms
  }
}

# Off by default: a tenant's DELETE /v1/recordings/{id} must remove the bytes, not hide them behind a marker.
resource "aws_s3_bucket_versioning" "this" {
  count = var.versioning ? 1 : 0

  bucket = aws_s3_bucket.this.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  # Nodes upload files from 8 MiB on by multipart (media-node README, "Recording to S3"); a node killed mid-upload
  # sends the file again whole after its restart, so the parts of the cut upload would be billed for ever.
  rule {
    id     = "abort-incomplete-multipart-uploads"
    status = "Enabled"

    filter {}

    abort_incomplete_multipart_upload {
      days_after_initiation = var.abort_incomplete_multipart_days
    }
  }

  dynamic "rule" {
    for_each = length(var.transitions) > 0 || var.expiration_days != null ? [1] : []

    content {
      id     = "recordings-age"
      status = "Enabled"

      filter {}

      dynamic "transition" {
        for_each = var.transitions

        content {
          days          = transition.value.days
          storage_class = transition.value.storage_class
        }
      }

      dynamic "expiration" {
        for_each = var.expiration_days == null ? [] : [var.expiration_days]

        content {
          days = expiration.value
        }
      }
    }
  }

  dynamic "rule" {
    for_each = var.versioning ? [1] : []

    content {
      id     = "noncurrent-versions"
      status = "Enabled"

      filter {}

      noncurrent_version_expiration {
        noncurrent_days = var.noncurrent_version_expiration_days
      }
    }
  }
}

# Players fetch presigned recording URLs (FLV, MP4, the HLS segments a control-plane playlist names) from pages on
# any origin, as hls.js does: GET and HEAD only.
resource "aws_s3_bucket_cors_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  cors_rule {
    allowed_methods = ["GET", "HEAD"]
    allowed_origins = var.cors_allowed_origins
    allowed_headers = ["Range"]
    expose_headers  = ["Content-Length", "Content-Range", "ETag"]
    max_age_seconds = 3600
  }
}

data "aws_iam_policy_document" "bucket" {
  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      aws_s3_bucket.this.arn,
      local.objects_arn,
    ]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  statement {
    sid       = "DenyOldTls"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.this.arn, local.objects_arn]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "NumericLessThan"
      variable = "s3:TlsVersion"
      values   = ["1.2"]
    }
  }
}

resource "aws_s3_bucket_policy" "this" {
  bucket = aws_s3_bucket.this.id
  policy = data.aws_iam_policy_document.bucket.json

  depends_on = [aws_s3_bucket_public_access_block.this]
}

# The media node writes and never reads, lists or deletes: PutObject (which also covers CreateMultipartUpload,
# UploadPart and CompleteMultipartUpload), AbortMultipartUpload and ListMultipartUploadParts.
data "aws_iam_policy_document" "node" {
  statement {
    sid = "WriteRecordings"
    actions = [
      "s3:PutObject",
      "s3:AbortMultipartUpload",
      "s3:ListMultipartUploadParts",
    ]
    resources = [local.objects_arn]
  }

  dynamic "statement" {
    for_each = local.kms ? [1] : []

    content {
      sid = "EncryptRecordings"
      # Decrypt too: S3 reads the data key back to complete a multipart upload under SSE-KMS.
      actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
      resources = [var.kms_key_arn]
    }
  }
}

resource "aws_iam_policy" "node" {
  name_prefix = "${var.name}-recordings-node-"
  description = "Liveplane media node: upload recordings (multipart) to ${aws_s3_bucket.this.bucket}"
  policy      = data.aws_iam_policy_document.node.json

  tags = var.tags
}

# The control plane reads (presigned downloads, the VOD playlists it rewrites, thumbnails) and deletes
# (DELETE /v1/recordings/{id}, a multi-object delete); ListBucket turns a missing key into 404 instead of 403.
data "aws_iam_policy_document" "control_plane" {
  statement {
    sid       = "ReadAndDeleteRecordings"
    actions   = ["s3:GetObject", "s3:DeleteObject"]
    resources = [local.objects_arn]
  }

  statement {
    sid       = "ListRecordings"
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.this.arn]
  }

  dynamic "statement" {
    for_each = local.kms ? [1] : []

    content {
      sid       = "DecryptRecordings"
      actions   = ["kms:Decrypt"]
      resources = [var.kms_key_arn]
    }
  }
}

resource "aws_iam_policy" "control_plane" {
  name_prefix = "${var.name}-recordings-cp-"
  description = "Liveplane control plane: read, presign and delete recordings in ${aws_s3_bucket.this.bucket}"
  policy      = data.aws_iam_policy_document.control_plane.json

  tags = var.tags
}
