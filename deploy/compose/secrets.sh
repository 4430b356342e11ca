#!/bin/sh
# Creates the secret files compose.yaml mounts (random values; an existing file is kept). Never commit them.
set -eu
cd "$(dirname "$0")"
mkdir -p secrets
umask 077
for name in api_token clickhouse_password grafana_admin_password imap_password; do
  [ -s "secrets/$name.txt" ] || od -An -N24 -tx1 /dev/urandom | tr -d ' \n' > "secrets/$name.txt"
done
echo "secrets in $(pwd)/secrets: put the mailbox password in secrets/imap_password.txt"
