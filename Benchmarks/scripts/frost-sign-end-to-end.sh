#!/usr/bin/env bash
# `custody frost sign` end to end for a 3-of-5 Taproot key (BIP-341 key-path output key): process
# start to printed signature, wall clock, over RUNS runs (default 21) of the given binary. Prints
# the minimum, the median and the maximum in milliseconds.
#
# Usage: frost-sign-end-to-end.sh PATH-TO-CUSTODY [RUNS]
set -euo pipefail
custody=${1:?usage: frost-sign-end-to-end.sh PATH-TO-CUSTODY [RUNS]}
runs=${2:-21}
keys=$(mktemp -d)
trap 'rm -rf "$keys"' EXIT

"$custody" frost keygen --suite secp256k1-tr --threshold 3 --signers 5 --out "$keys" >/dev/null
message=$(printf 'custody benchmark: withdraw 0.5 BTC' | od -An -v -tx1 | tr -d ' \n')
# One run first, not counted: it warms the page cache with the binary and its libraries.
"$custody" frost sign --keys "$keys" --signers 1,3,5 --message "$message" --tweak >/dev/null

times=()
for _ in $(seq "$runs"); do
  start=$(date +%s%N)
  "$custody" frost sign --keys "$keys" --signers 1,3,5 --message "$message" --tweak >/dev/null
  end=$(date +%s%N)
  times+=($(((end - start) / 1000)))
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
ms() { printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)); }
echo "custody frost sign, 3-of-5 secp256k1-tr --tweak, process start to printed signature ($runs runs):" \
  "min $(ms "${sorted[0]}") ms, median $(ms "${sorted[$((runs / 2))]}") ms, max $(ms "${sorted[$((runs - 1))]}") ms"
