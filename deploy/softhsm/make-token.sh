#!/usr/bin/env bash
# Makes a throwaway SoftHSM2 token for development and tests.
#
# Usage: make-token.sh DIR LABEL
#   DIR    a directory for the token store, the configuration and the PIN files (created)
#   LABEL  the token's label
#
# Prints the environment line to use the token. The user PIN is in DIR/user.pin and the
# security officer PIN in DIR/so.pin, both random and readable by you alone. These tokens
# are for development: production keys belong in a real HSM (docs/hsm.md).
set -euo pipefail
dir=${1:?usage: make-token.sh DIR LABEL}
label=${2:?usage: make-token.sh DIR LABEL}
command -v softhsm2-util >/dev/null || { echo "softhsm2-util not found: run 'make deps'" >&2; exit 1; }

mkdir -p "$dir/tokens"
chmod 700 "$dir"
dir=$(cd "$dir" && pwd)
conf="$dir/softhsm2.conf"
if [ ! -f "$conf" ]; then
  cat > "$conf" <<CONF
directories.tokendir = $dir/tokens
objectstore.backend = file
log.level = ERROR
slots.removable = false
CONF
fi
umask 077
[ -f "$dir/user.pin" ] || od -An -N12 -tx1 /dev/urandom | tr -d ' \n' > "$dir/user.pin"
[ -f "$dir/so.pin" ] || od -An -N12 -tx1 /dev/urandom | tr -d ' \n' > "$dir/so.pin"

export SOFTHSM2_CONF="$conf"
if softhsm2-util --show-slots 2>/dev/null | grep -q "Label:.*[[:space:]]$label[[:space:]]*$"; then
  echo "token \"$label\" already exists in $dir" >&2
else
  softhsm2-util --init-token --free --label "$label" \
    --pin "$(cat "$dir/user.pin")" --so-pin "$(cat "$dir/so.pin")" >/dev/null
  echo "token \"$label\" created in $dir" >&2
fi
echo "export SOFTHSM2_CONF=$conf"
