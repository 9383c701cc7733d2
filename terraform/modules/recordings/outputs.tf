output "bucket_name" {
  description = "Name of the recordings bucket (LIVEPLANE_RECORDING_BUCKET)."
  value       = aws_s3_bucket.this.bucket
}

output "bucket_arn" {
  description = "ARN of the recordings bucket."
  value       = aws_s3_bucket.this.arn
}

output "bucket_region" {
  description = "Region of the recordings bucket (LIVEPLANE_RECORDING_REGION)."
  value       = aws_s3_bucket.this.region
}

output "node_policy_arn" {
  description = "IAM policy for the media nodes' role: upload recordings, nothing else."
  value       = aws_iam_policy.node.arn
}

output "control_plane_policy_arn" {
  description = "IAM policy for the control plane's role: read, presign and delete recordings."
  value       = aws_iam_policy.control_plane.arn
}
