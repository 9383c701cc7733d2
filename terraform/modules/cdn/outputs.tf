output "distribution_id" {
  description = "ID of the CloudFront distribution."
  value       = aws_cloudfront_distribution.this.id
}

output "distribution_domain_name" {
  description = "The distribution's *.cloudfront.net name (play domains served through the CDN CNAME to it)."
  value       = aws_cloudfront_distribution.this.domain_name
}

output "function_arn" {
  description = "ARN of the viewer-request HLS token check."
  value       = aws_cloudfront_function.hls_token_check.arn
}

output "key_value_store_arn" {
  description = "ARN of the KeyValueStore the function reads its key from."
  value       = aws_cloudfront_key_value_store.this.arn
}
