"""STORAGES for an S3-compatible store (MinIO, Aliyun OSS, Huawei OBS), one
function so the settings and the S3 test build them the same way."""


def s3_storages(
    *,
    bucket: str,
    endpoint_url: str | None,
    access_key: str | None,
    secret_key: str | None,
    region: str = "us-east-1",
    addressing_style: str = "path",
) -> dict:
    """ "default" (uploads) under media/ and "private" under private/, in one
    bucket that stays private: no public ACLs, and since browsers fetch files
    only through the platform's views, the store needs no public address."""
    common = {
        "bucket_name": bucket,
        "endpoint_url": endpoint_url or None,
        "access_key": access_key or None,
        "secret_key": secret_key or None,
        "region_name": region,
        # "path" for MinIO and most self-hosted stores; "virtual" for Aliyun OSS.
        "addressing_style": addressing_style,
        "default_acl": None,  # objects take the bucket's own (private) policy
        "querystring_auth": True,
        "file_overwrite": False,
    }
    backend = "storages.backends.s3.S3Storage"
    return {
        "default": {"BACKEND": backend, "OPTIONS": {**common, "location": "media"}},
        "private": {"BACKEND": backend, "OPTIONS": {**common, "location": "private"}},
    }
