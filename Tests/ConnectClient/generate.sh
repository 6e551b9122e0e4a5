#!/usr/bin/env bash
# Regenerates the Python Connect client for custody.v1 from the proto, into this folder.
# For maintainers; CI does not run it. Run it from Tests/ConnectClient/ (it cds there itself):
#     bash generate.sh
# Needs python3 (3.11 or newer) and PyPI. The generators go into a throwaway venv, pinned exactly.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

proto_root="../../docs/api"
proto="custody/v1/custody.proto"
[ -f "$proto_root/$proto" ] || { echo "generate.sh: $proto_root/$proto not found" >&2; exit 1; }

venv="$(mktemp -d)/venv"
trap 'rm -rf "$(dirname "$venv")"' EXIT
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check \
    grpcio-tools==1.85.1 grpcio==1.85.3 protobuf==7.36.2 \
    protoc-gen-connectrpc==0.13.0 \
    protobuf-py==0.7.0 protobuf-py-ext==0.7.0 protobuf-py-pure==0.7.0 typing-extensions==4.16.0

# protoc 35.1 (bundled in grpcio-tools 1.85.1); its include dir carries google/protobuf/*.proto.
wkt_include="$("$venv/bin/python" -c 'import os, grpc_tools; print(os.path.join(os.path.dirname(grpc_tools.__file__), "_proto"))')"

rm -f custody/v1/custody_pb2.py custody/v1/custody_pb2.pyi custody/v1/custody_connect.py
mkdir -p custody/v1

# Messages: protoc's built-in python and pyi generators (google.protobuf runtime -> custody_pb2.py/.pyi).
# Service: protoc-gen-connectrpc with protobuf=google (-> custody_connect.py, sync and async clients).
"$venv/bin/python" -m grpc_tools.protoc \
    -I "$proto_root" -I "$wkt_include" \
    --python_out=. --pyi_out=. \
    --plugin=protoc-gen-connectrpc="$venv/bin/protoc-gen-connectrpc" \
    --connectrpc_out=. --connectrpc_opt=protobuf=google \
    "$proto_root/$proto"

# Package markers so `import custody.v1.custody_connect` works with this folder on PYTHONPATH.
touch custody/__init__.py custody/v1/__init__.py

echo "generated: custody/v1/custody_pb2.py custody/v1/custody_pb2.pyi custody/v1/custody_connect.py"
