#!/usr/bin/env bash
# The offline FROST demo behind `make demo`: a 3-of-5 Taproot key, two different signer
# subsets, every signature verified with libsecp256k1's BIP-340 verifier.
#
# Usage: frost-demo.sh PATH-TO-CUSTODY
set -euo pipefail
custody=${1:?usage: frost-demo.sh PATH-TO-CUSTODY}
keys=$(mktemp -d)
trap 'rm -rf "$keys"' EXIT

field() { sed -n "s/^ *\"$1\" : \"\\([0-9a-f]*\\)\".*/\\1/p"; }
step() { printf '\n== %s\n' "$*"; }

message=$(printf 'custody demo: withdraw 0.5 BTC' | od -An -v -tx1 | tr -d ' \n')

step "custody frost keygen --suite secp256k1-tr --threshold 3 --signers 5"
"$custody" frost keygen --suite secp256k1-tr --threshold 3 --signers 5 --out "$keys"

for signers in 1,3,5 2,4,5; do
  step "custody frost sign --signers $signers --tweak (BIP-341 key-path output key)"
  output=$("$custody" frost sign --keys "$keys" --signers "$signers" --message "$message" --tweak)
  echo "$output"
  key=$(echo "$output" | field groupPublicKey)
  signature=$(echo "$output" | field signature)

  step "custody frost verify (libsecp256k1 secp256k1_schnorrsig_verify)"
  "$custody" frost verify --suite secp256k1-tr --public-key "$key" --message "$message" --signature "$signature"
done

step "a signature with its last digit changed must not verify"
last=${signature: -1}
tampered="${signature:0:${#signature}-1}$([ "$last" = 0 ] && echo 1 || echo 0)"
if "$custody" frost verify --suite secp256k1-tr --public-key "$key" --message "$message" --signature "$tampered"; then
  echo "demo failed: a tampered signature verified" >&2
  exit 1
fi

printf '\nBoth signer subsets produced valid BIP-340 signatures for the same Taproot output key.\n'
