#!/usr/bin/env python3
"""Generic driver for custody.v1.CustodyService over the Connect protocol, JSON codec.

Uses only the generated client (custody/v1/custody_connect.py, custody_pb2.py), unchanged.

    python3 drive.py --url http://127.0.0.1:PORT [--api-key KEY] [--timeout-ms N] [--gzip]

Reads JSON lines from stdin, each {"method": "GetRequest", "request": {...}} with the request in
protobuf canonical JSON, and writes one JSON line per call to stdout:
    {"ok": <response, canonical JSON>}
    {"error": {"code": "<connect code, e.g. not_found>", "message": "..."}}
    {"exception": "..."}            (anything else: bad input line, unknown method, ...)
Sends `Authorization: Bearer KEY` unless --api-key is empty or absent. Requests go out as
uncompressed `Content-Type: application/json` unless --gzip is given.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from connectrpc.compat import google_protobuf_json_codec  # noqa: E402
from connectrpc.compression.gzip import GzipCompression  # noqa: E402
from connectrpc.errors import ConnectError  # noqa: E402
from google.protobuf import json_format  # noqa: E402

from custody.v1 import custody_pb2  # noqa: E402
from custody.v1.custody_connect import CustodyServiceClientSync  # noqa: E402

_SERVICE = custody_pb2.DESCRIPTOR.services_by_name["CustodyService"]


def _snake(name: str) -> str:
    # Same rule as protoc-gen-connectrpc uses for method names (CreateWithdrawal -> create_withdrawal).
    s = re.sub(r"([^_])([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", s).lower()


def _emit(obj: object) -> None:
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def _call(client: CustodyServiceClientSync, line: str, headers: dict[str, str],
          timeout_ms: int | None) -> object:
    item = json.loads(line)
    if not isinstance(item, dict):
        raise ValueError("input line is not a JSON object")
    name = item.get("method")
    method = _SERVICE.methods_by_name.get(name) if isinstance(name, str) else None
    if method is None:
        raise ValueError(f"unknown method: {name!r}")
    request_type = getattr(custody_pb2, method.input_type.name)
    request = json_format.ParseDict(item.get("request") or {}, request_type())
    try:
        response = getattr(client, _snake(method.name))(
            request, headers=headers, timeout_ms=timeout_ms)
    except ConnectError as e:
        return {"error": {"code": e.code.value, "message": e.message}}
    return {"ok": json_format.MessageToDict(response)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="base URL, e.g. http://127.0.0.1:8080")
    parser.add_argument("--api-key", default="", help="API key; empty sends no Authorization")
    parser.add_argument("--timeout-ms", type=int, default=None, help="per-call timeout")
    parser.add_argument("--gzip", action="store_true",
                        help="gzip request bodies (the generated client's own default)")
    args = parser.parse_args()

    headers = {"authorization": f"Bearer {args.api_key}"} if args.api_key else {}
    client = CustodyServiceClientSync(
        args.url.rstrip("/"),
        codec=google_protobuf_json_codec(),  # application/json, canonical protobuf JSON
        send_compression=GzipCompression() if args.gzip else None,
    )
    with client:
        for line in sys.stdin:
            if not line.strip():
                continue
            try:
                _emit(_call(client, line, headers, args.timeout_ms))
            except Exception as e:  # never stop on one bad call
                _emit({"exception": f"{type(e).__name__}: {e}"})
    return 0


if __name__ == "__main__":
    sys.exit(main())
