#!/bin/sh
# Regenerates the C# client (src/ReEngage.Gateway.Client/Generated) from the committed snapshot
# openapi/v1.json, and stamps it with the snapshot's SHA-256 so a test can tell the client is current.
# Refresh the snapshot from the live document first:
#   REENGAGE_UPDATE_OPENAPI=1 dotnet test tests/ReEngage.Gateway.Tests --filter OpenApiSnapshotTests
set -eu
cd "$(dirname "$0")/.."
dotnet tool restore
dotnet kiota generate -l CSharp -d openapi/v1.json -c GatewayClient -n ReEngage.Gateway.Client \
  -o src/ReEngage.Gateway.Client/Generated --exclude-backward-compatible --clean-output --log-level Warning
sha256sum openapi/v1.json | cut -d' ' -f1 > src/ReEngage.Gateway.Client/Generated/openapi-v1.sha256
