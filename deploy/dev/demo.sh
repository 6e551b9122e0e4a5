#!/usr/bin/env bash
# The demo behind `make demo`: a local cluster (custody dev up), a service's PSBT withdrawal from
# the cold wallet through the Connect API, two officers' approvals from the CLI, the policy's
# time lock, the signers' signatures, the finalized PSBT and transaction, each signature checked
# by libsecp256k1, and the coordinator's audit log verified.
#
# Usage: demo.sh BIN-DIR (where custody and custodyd are built)
set -euo pipefail
bin=${1:?usage: demo.sh BIN-DIR}
custody="$bin/custody"
dir=${CUSTODY_DEMO_DIR:-$(pwd)/.build/demo-cluster}
port=${CUSTODY_DEMO_PORT:-7400}

step() { printf '\n== %s\n' "$*"; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
# A Connect unary call to the coordinator: METHOD BODY, printing the JSON answer.
call() {
  python3 - "$port" "$1" "$2" "$(cat "$dir/api-key")" <<'PY'
import sys, urllib.request, urllib.error
port, method, body, key = sys.argv[1:5]
request = urllib.request.Request(
    f"http://127.0.0.1:{port}/custody.v1.CustodyService/{method}", data=body.encode(), method="POST",
    headers={"Content-Type": "application/json", "Authorization": f"Bearer {key}"})
try:
    print(urllib.request.urlopen(request, timeout=60).read().decode())
except urllib.error.HTTPError as error:
    print(error.read().decode()); sys.exit(1)
PY
}

"$custody" dev down "$dir" >/dev/null 2>&1 || true
rm -rf "$dir"
trap '"$custody" dev down "$dir" >/dev/null 2>&1 || true' EXIT

step "custody dev up: SoftHSM2 tokens, officer keys, a policy, a coordinator and three signers, two key ceremonies"
"$custody" dev up "$dir" --port "$port"
policy="$dir/policy.yaml"
passphrase="$dir/officers/passphrase"

step "a service builds a PSBT paying 0.25 BTC from the cold wallet (3-of-3, two officers and a 10 s time lock)"
destination=bcrt1qzyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3lgth6c
psbt=$("$custody" dev psbt "$dir" --wallet cold --to "$destination" --amount 25000000 --fee 2000)
echo "$psbt"

step "CreateWithdrawal through the Connect API (POST /custody.v1.CustodyService/CreateWithdrawal)"
created=$(call CreateWithdrawal "{\"idempotencyKey\": \"demo-1\", \"walletId\": \"cold\", \"psbt\": \"$psbt\", \"memo\": \"demo withdrawal\"}")
echo "$created"
id=$(echo "$created" | json 'd["request"]["id"]')

step "custody requests list"
"$custody" requests list --coordinator "http://127.0.0.1:$port"
step "custody requests show $id"
"$custody" requests show "$id" --coordinator "http://127.0.0.1:$port" --network regtest --policy "$policy"

for officer in alice bob; do
  step "custody approve --id $id (officer $officer)"
  "$custody" approve --id "$id" --coordinator "http://127.0.0.1:$port" --policy "$policy" \
    --key "$dir/officers/$officer.key" --passphrase-file "$passphrase" --network regtest --yes >/dev/null
done

step "the time lock runs out, then the signers sign"
state=""
for _ in $(seq 1 120); do
  answer=$(call GetRequest "{\"requestId\": \"$id\"}")
  state=$(echo "$answer" | json 'd["request"]["state"]')
  case "$state" in
    REQUEST_STATE_SIGNED|REQUEST_STATE_FAILED|REQUEST_STATE_REJECTED|REQUEST_STATE_EXPIRED) break ;;
  esac
  sleep 1
done
echo "state: $state"
[ "$state" = REQUEST_STATE_SIGNED ] || { echo "$answer"; exit 1; }
signed=$(echo "$answer" | json 'd["request"]["signedPsbt"]')

step "the finalized PSBT (base64)"
echo "$signed"
step "the signed transaction (hex)"
"$custody" requests show "$id" --coordinator "http://127.0.0.1:$port" --network regtest | sed -n 's/^transaction: *//p'

step "custody dev verify-tx: every input's signature checked by libsecp256k1"
"$custody" dev verify-tx --psbt "$signed"

step "custody audit verify: the coordinator's audit log"
key=$(json 'd["auditGenesisKey"]' < "$dir/cluster.json")
"$custody" audit verify --db "$dir/coordinator-audit.sqlite" --trusted-key "$key"
