#!/bin/sh
# Makes a development certificate authority and one TLS certificate per daemon, for the daemons'
# `tls` and `signerCA` keys (docs/daemons.md, "TLS"). Not for production: the CA key is a plain
# file in DIR.
#
#   deploy/dev/make-tls.sh DIR NAME...
#
# Writes DIR/ca.pem and DIR/ca-key.pem (made once, reused afterwards), and for each NAME
# DIR/NAME.pem (the certificate, then the CA's) and DIR/NAME-key.pem (mode 0600), valid for
# 127.0.0.1, ::1 and localhost, for 30 days. P-256 keys, SHA-256 signatures.
set -eu
[ "$#" -ge 2 ] || { echo "usage: $0 DIR NAME..." >&2; exit 64; }
dir=$1
shift
umask 077
mkdir -p "$dir"
if [ ! -f "$dir/ca.pem" ]; then
    openssl ecparam -name prime256v1 -genkey -noout -out "$dir/ca-key.pem"
    openssl req -x509 -new -key "$dir/ca-key.pem" -sha256 -days 30 -subj "/CN=Custody development CA" \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
        -out "$dir/ca.pem"
fi
for name in "$@"; do
    case $name in
        *[!a-z0-9._-]* | "") echo "$0: '$name' is not a daemon id (a-z 0-9 . _ -)" >&2; exit 64 ;;
    esac
    openssl ecparam -name prime256v1 -genkey -noout -out "$dir/$name-key.pem"
    openssl req -new -key "$dir/$name-key.pem" -subj "/CN=$name" -out "$dir/$name.csr"
    printf 'subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n' \
        > "$dir/$name.ext"
    openssl x509 -req -in "$dir/$name.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca-key.pem" -CAcreateserial -sha256 \
        -days 30 -extfile "$dir/$name.ext" -out "$dir/$name-leaf.pem" 2>/dev/null
    cat "$dir/$name-leaf.pem" "$dir/ca.pem" > "$dir/$name.pem"
    rm -f "$dir/$name.csr" "$dir/$name.ext" "$dir/$name-leaf.pem"
done
chmod 644 "$dir/ca.pem"
for name in "$@"; do chmod 644 "$dir/$name.pem"; done
echo "wrote $dir/ca.pem and the certificates of: $*"
