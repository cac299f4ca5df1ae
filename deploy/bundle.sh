#!/usr/bin/env bash
# An offline bundle, for an office network that cannot pull public images.
#
#   deploy/bundle.sh [OUT_FOLDER]            # on a machine with internet and docker
#   PLATFORM=linux/arm64 deploy/bundle.sh    # for an arm64 server (needs buildx/QEMU)
#
# Writes into OUT_FOLDER (default deploy/bundle/):
#   shequ-images.tar.gz   the platform's image, built here, and every image
#                         compose.yaml runs (nginx, PostgreSQL, Redis, MinIO,
#                         mc), plus the Python base image for a rebuild there
#   shequ-source.tar.gz   this commit (compose.yaml, deploy/, ops/, docs/)
#   SHA256SUMS            to check the copy after carrying it across
#
# On the target (docs/deploy.md, "Networks without internet"):
#   sha256sum -c SHA256SUMS
#   mkdir shequ && tar -xzf shequ-source.tar.gz -C shequ && cd shequ
#   gunzip -c ../shequ-images.tar.gz | docker load
#   cp deploy/env.example .env   # fill it in, certificates in deploy/certs/
#   docker compose up -d --no-build
set -euo pipefail
cd "$(dirname "$0")/.."

out=${1:-deploy/bundle}
platform=${PLATFORM:-linux/amd64}
app=${SHEQU_IMAGE:-shequ-platform:latest}
python_image=$(sed -n 's/^ARG PYTHON_IMAGE=//p' Dockerfile)

if ! git diff --quiet HEAD -- . ':!deploy/bundle'; then
  echo "uncommitted changes: commit first, the bundle carries exactly one commit" >&2
  exit 1
fi
mkdir -p "$out"

# Every fixed image the compose files name (the platform's own is built).
mapfile -t images < <(sed -n 's/^ *image: *\([^$ ]*\) *$/\1/p' compose.yaml | sort -u)
images+=("$python_image")

for image in "${images[@]}"; do
  docker pull --platform "$platform" "$image"
done
docker build --platform "$platform" --pull=false -t "$app" .

docker save "$app" "${images[@]}" | gzip > "$out/shequ-images.tar.gz.partial"
mv "$out/shequ-images.tar.gz.partial" "$out/shequ-images.tar.gz"
git archive --format=tar.gz -o "$out/shequ-source.tar.gz" HEAD
(cd "$out" && sha256sum shequ-images.tar.gz shequ-source.tar.gz > SHA256SUMS)

echo "bundle for $platform in $out:"
echo "  $app $(git rev-parse --short HEAD)"
printf '  %s\n' "${images[@]}"
