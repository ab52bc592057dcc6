#!/usr/bin/env sh
# Writes the secrets docker/compose.yaml mounts into its services: random passwords and client secrets, the
# database URLs built from them (one database user per service), and an ES256 signing key for accounts.
# Existing files are kept, so running it again changes nothing; delete a file to rotate that secret (then
# re-run `setup`, which resets database passwords). Needs openssl. Usage: docker/make-secrets.sh [dir]
set -eu
dir="${1:-$(dirname "$0")/secrets}"
mkdir -p "$dir"
# The directory keeps other users of this machine out; the files stay readable by the containers' user.
chmod 700 "$dir"

random() { openssl rand -hex 24; }

# write NAME VALUE: creates $dir/NAME unless it exists.
write() {
  if [ ! -e "$dir/$1" ]; then
    printf '%s' "$2" > "$dir/$1"
    chmod 644 "$dir/$1"
    echo "wrote $dir/$1"
  fi
}

# read_or_new NAME: the value of an existing secret, or a new random one.
read_or_new() {
  if [ -e "$dir/$1" ]; then cat "$dir/$1"; else random; fi
}

postgres_password=$(read_or_new postgres_password)
mariadb_root_password=$(read_or_new mariadb_root_password)
write postgres_password "$postgres_password"
write mariadb_root_password "$mariadb_root_password"
write postgres_admin_url "postgresql://postgres:${postgres_password}@postgres:5432/postgres"
write mariadb_admin_url "mysql://root:${mariadb_root_password}@mariadb:3306"
for service in accounts catalog orders; do
  write "${service}_database_url" "postgresql://${service}:$(random)@postgres:5432/retail_${service}"
done
write payments_database_url "mysql://payments:$(random)@mariadb:3306/retail_payments"
write gateway_client_secret "$(random)"
write orders_client_secret "$(random)"
write payment_gateway_api_key "sk_live_$(random)"
write admin_password "$(random)"
if [ ! -e "$dir/jwt_signing_key" ]; then
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$dir/jwt_signing_key" 2>/dev/null
  chmod 644 "$dir/jwt_signing_key"
  echo "wrote $dir/jwt_signing_key"
fi
echo "The administrator's password is in $dir/admin_password."
