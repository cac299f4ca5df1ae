#!/bin/sh
# Run once by compose's `bucket` job (the MinIO client image), and safe to run
# again: creates the platform's bucket, private (no anonymous access), and the
# platform's own access key, allowed that bucket and nothing else. The root
# credentials stay with the administrators.
set -eu

mc alias set local http://minio:9000 "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD" >/dev/null
mc mb --ignore-existing "local/$S3_BUCKET"
mc anonymous set none "local/$S3_BUCKET"

policy=/tmp/shequ-policy.json
cat > "$policy" <<JSON
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow",
     "Action": ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"],
     "Resource": ["arn:aws:s3:::$S3_BUCKET"]},
    {"Effect": "Allow",
     "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject",
                "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
     "Resource": ["arn:aws:s3:::$S3_BUCKET/*"]}
  ]
}
JSON
mc admin policy create local shequ-platform "$policy"
mc admin user add local "$S3_ACCESS_KEY_ID" "$S3_SECRET_ACCESS_KEY"
# Attaching a policy that is already attached is refused; that is fine.
mc admin policy attach local shequ-platform --user "$S3_ACCESS_KEY_ID" 2>/dev/null \
  || mc admin user info local "$S3_ACCESS_KEY_ID" | grep -q shequ-platform
echo "bucket $S3_BUCKET ready, key $S3_ACCESS_KEY_ID allowed it"
