#!/usr/bin/env bash
# A stand-in for the base image python:3.11-slim-bookworm, built from Debian's own packages (debootstrap), for a
# machine that reaches Debian's package mirror but not Docker Hub (an offline build network, or this project's CI).
# It holds Debian bookworm's Python 3.11 with venv, and the certificate authorities this machine trusts
# (/usr/local/share/ca-certificates), so that pip and apt inside the build work behind the same proxy.
#
#   sudo deploy/basisimage.sh [NAAM]          (standaard raadsmonitor-basis:bookworm)
#   docker build --build-arg BASE_IMAGE=raadsmonitor-basis:bookworm -t raadsmonitor:latest .
#
# Needs: debootstrap, a running container engine (docker or podman), root.
set -euo pipefail
name="${1:-raadsmonitor-basis:bookworm}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
engine="${CONTAINER_ENGINE:-docker}"

rootfs="$(mktemp -d)"
trap 'rm -rf "$rootfs"' EXIT
debootstrap --variant=minbase --include=python3,python3-venv,python-is-python3,ca-certificates \
  bookworm "$rootfs" "$mirror" >/dev/null
if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
  cp /usr/local/share/ca-certificates/*.crt "$rootfs/usr/local/share/ca-certificates/"
  chroot "$rootfs" update-ca-certificates >/dev/null
fi
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
tar -C "$rootfs" -c . | "$engine" import \
  --change 'ENV LANG=C.UTF-8' \
  --change 'ENV PIP_CERT=/etc/ssl/certs/ca-certificates.crt' \
  --change 'CMD ["python3"]' \
  - "$name" >/dev/null
echo "basisimage $name gemaakt (Debian bookworm, Python $("$engine" run --rm "$name" python3 -c 'import platform; print(platform.python_version())'))"
