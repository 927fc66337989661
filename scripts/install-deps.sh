#!/usr/bin/env bash
# Installs the Debian packages the tests feed our output to: systemd-analyze (systemd), docker-compose (config validation), skopeo and umoci (OCI
# image readers), the Docker engine the Compose end-to-end test runs the images on, and
# podman, which plays the Kubernetes manifests, and zsh and fish for the completions.
# Idempotent; needs root (or sudo) on Debian/Ubuntu.
set -euo pipefail
need=()
command -v systemd-analyze >/dev/null 2>&1 || need+=(systemd)
command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
command -v docker-compose >/dev/null 2>&1 || need+=(docker-compose)
command -v skopeo >/dev/null 2>&1 || need+=(skopeo)
command -v umoci >/dev/null 2>&1 || need+=(umoci)
# podman for the Kubernetes smoke test (kube play): runc, the CNI plugins for its pod
# network, and catatonit, from which podman builds its pod infra image locally.
command -v podman >/dev/null 2>&1 || need+=(podman)
command -v runc >/dev/null 2>&1 || need+=(runc)
[ -x /usr/lib/cni/bridge ] || need+=(containernetworking-plugins)
command -v catatonit >/dev/null 2>&1 || need+=(catatonit)
# zsh and fish load the completion scripts in the tests (bash is already there).
command -v zsh >/dev/null 2>&1 || need+=(zsh)
command -v fish >/dev/null 2>&1 || need+=(fish)
if [ ${#need[@]} -eq 0 ]; then
  echo "install-deps: systemd-analyze, dockerd, docker-compose, skopeo, umoci, podman, zsh and fish are present"
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "install-deps: installing ${need[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
