#!/usr/bin/env bash
# Usage: scripts/test-cert.sh DIR
# Creates a throwaway test CA and a server certificate for localhost / 127.0.0.1 in DIR, once:
#   DIR/ca.pem  (give it to clients as ca_file / curl --cacert), DIR/ca.key,
#   DIR/cert.pem + DIR/key.pem (the server's certificate and key).
# Shared by dovecot.sh and smtp-receiver.sh so both servers are trusted through the same kind of CA.
# Reruns are no-ops, so restarting a server in the same DIR keeps the CA a client already holds.
set -euo pipefail
dir=${1:?usage: test-cert.sh DIR}
[ -s "$dir/cert.pem" ] && [ -s "$dir/key.pem" ] && [ -s "$dir/ca.pem" ] && exit 0
mkdir -p "$dir"
cd "$dir"
# EC P-256 keys: generation takes milliseconds, RSA-2048 can take most of the 1 s start budget.
openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 \
  -keyout ca.key -out ca.pem -subj "/CN=maild test CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
  -keyout key.pem -out cert.csr -subj "/CN=localhost" 2>/dev/null
# OpenSSL 3 and libcurl match the name against subjectAltName only, so the SAN must carry both names.
printf '%s\n' "subjectAltName=DNS:localhost,IP:127.0.0.1" "basicConstraints=critical,CA:FALSE" \
  "keyUsage=critical,digitalSignature,keyEncipherment" "extendedKeyUsage=serverAuth" > cert.ext
openssl x509 -req -in cert.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 3650 \
  -extfile cert.ext -out cert.pem 2>/dev/null
rm -f cert.csr cert.ext ca.srl
# The servers may drop privileges before reading the key; it is a throwaway test key.
chmod 0644 key.pem cert.pem ca.pem
