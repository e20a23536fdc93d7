#!/usr/bin/env bash
# Builds the pinned Hyperledger Fabric and Fabric CA binaries from the Go module proxy into .fabric/bin.
# Each tool is built inside a throw-away module that requires the pinned version, because the proxy
# serves the pinned versions but not the module listings that `go install pkg@version` also asks for.
set -euo pipefail

# Fabric v3.1.1 (commit 435a7f1a780a): the newest v3 release the module proxy serves. Its module path has
# no /v3 suffix, so it is pinned by pseudo-version.
FABRIC_VERSION_LABEL=3.1.1
FABRIC_MODULE_VERSION=v1.4.0-rc1.0.20250510200036-435a7f1a780a
FABRIC_COMMIT=435a7f1a780a
CA_VERSION=v1.5.21
MIN_GO_MINOR=24

root=$(cd "$(dirname "$0")/.." && pwd)
home="$root/.fabric"
bin="$home/bin"
stamp="$bin/.versions"
want="fabric=$FABRIC_MODULE_VERSION ca=$CA_VERSION"

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -f "$home/config/core.yaml" ]; then
  echo "fabric: binaries $FABRIC_VERSION_LABEL and CA $CA_VERSION already installed in $bin"
  exit 0
fi

# Go may be installed but not on PATH (the go-svc machines keep it in /usr/local/go).
command -v go >/dev/null || [ ! -x /usr/local/go/bin/go ] || export PATH="$PATH:/usr/local/go/bin"
command -v go >/dev/null || { echo "fabric: Go is not installed; install Go 1.$MIN_GO_MINOR or newer" >&2; exit 1; }
go_minor=$(go env GOVERSION | sed -E 's/^go1\.([0-9]+).*/\1/')
if [ "$go_minor" -lt "$MIN_GO_MINOR" ]; then
  echo "fabric: Go $(go env GOVERSION) is too old; Fabric $FABRIC_VERSION_LABEL needs Go 1.$MIN_GO_MINOR or newer" >&2
  exit 1
fi
command -v gcc >/dev/null || { echo "fabric: gcc is missing; the Fabric CA server needs cgo (apt-get install gcc)" >&2; exit 1; }

export GOTOOLCHAIN=local GOFLAGS=-mod=mod GOBIN="$bin"
mkdir -p "$bin" "$home/config"

# build MODULE VERSION LDFLAGS PACKAGE...
build() {
  local module=$1 version=$2 ldflags=$3; shift 3
  local dir="$home/build/$(basename "$module")"
  mkdir -p "$dir"
  printf 'module localbuild\n\ngo 1.%s\n\nrequire %s %s\n' "$MIN_GO_MINOR" "$module" "$version" > "$dir/go.mod"
  for pkg in "$@"; do
    local started=$SECONDS
    echo "fabric: building $(basename "$pkg") ($module $version)..."
    (cd "$dir" && CGO_ENABLED=1 go install -ldflags "$ldflags" "$pkg")
    echo "fabric:   done in $((SECONDS - started))s"
  done
}

fabric_ldflags="-X github.com/hyperledger/fabric/common/metadata.Version=$FABRIC_VERSION_LABEL -X github.com/hyperledger/fabric/common/metadata.CommitSHA=$FABRIC_COMMIT"
build github.com/hyperledger/fabric "$FABRIC_MODULE_VERSION" "$fabric_ldflags" \
  github.com/hyperledger/fabric/cmd/peer github.com/hyperledger/fabric/cmd/orderer \
  github.com/hyperledger/fabric/cmd/osnadmin github.com/hyperledger/fabric/cmd/configtxgen \
  github.com/hyperledger/fabric/cmd/configtxlator
ca_ldflags="-X github.com/hyperledger/fabric-ca/lib/metadata.Version=${CA_VERSION#v}"
build github.com/hyperledger/fabric-ca "$CA_VERSION" "$ca_ldflags" \
  github.com/hyperledger/fabric-ca/cmd/fabric-ca-server github.com/hyperledger/fabric-ca/cmd/fabric-ca-client

# The peer and orderer read their defaults from the sample configuration of the same release; the
# launcher overrides every value that matters per node.
src=$(cd "$home/build/fabric" && go list -m -f '{{.Dir}}' github.com/hyperledger/fabric)
install -m 0644 "$src/sampleconfig/core.yaml" "$src/sampleconfig/orderer.yaml" "$home/config/"

echo "$want" > "$stamp"
echo "fabric: installed Fabric $FABRIC_VERSION_LABEL and Fabric CA $CA_VERSION into $bin"
