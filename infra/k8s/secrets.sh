#!/usr/bin/env bash
# Prints, as YAML for `kubectl apply -f -`, every Secret the manifests under infra/k8s reference, made from a certs
# folder written by `npm run certs -- --out DIR` (docs/architecture.md "Certificates folder"). Nothing secret is ever
# committed: run this where the folder is, and apply its output to the sandbox's namespace.
#
#   infra/k8s/secrets.sh --trial CERTS_DIR | kubectl apply -n fapi-sandbox-trial -f -
#       the trial's in-cluster PostgreSQL: its password from $POSTGRES_PASSWORD, else a new random one
#       (run it again with the same POSTGRES_PASSWORD, or the database keeps the old one and the services cannot log in)
#   DATABASE_URL=postgresql://USER:PASSWORD@HOST:5432/fapi infra/k8s/secrets.sh --production CERTS_DIR | kubectl apply -n fapi-sandbox -f -
#       a managed PostgreSQL: each service uses the database DATABASE_URL names plus _authorization, _consent, _bank;
#       CERTS_DIR from `npm run certs -- --out CERTS_DIR --host authorization-server=HOST ...` naming the hosts of
#       overlays/production/public-urls.env, which this checks (README "Running on Kubernetes")
#
# Each service gets only the files it reads (the Secrets below, mounted together at CERTS_DIR): the CA key is mounted
# only into the sample fintech's onboarding step, which issues its transport certificate.
set -euo pipefail

usage() { echo "usage: $0 --trial|--production CERTS_DIR" >&2; exit 2; }
[[ $# -eq 2 && ( $1 == --trial || $1 == --production ) ]] || usage
overlay=$1
certs=$2

# The Secrets of the certs folder: name, then the files it holds (each under its own name).
SECRET_FILES=(
  'sandbox-ca ca.pem ca.key'
  'registration-token registration.token'
  'authorization-server-keys authorization-server.pem authorization-server.key as-signing.jwks.json'
  'bank-api-keys bank-api.pem bank-api.key bank-signing.jwks.json'
  'tpp-client-keys tpp-client.pem tpp-client.key'
)

# Everything is checked before anything is printed, so a half set of Secrets is never applied.
for entry in "${SECRET_FILES[@]}"; do
  for file in ${entry#* }; do
    [[ -f $certs/$file ]] || { echo "$certs/$file is missing: run npm run certs -- --out $certs" >&2; exit 1; }
  done
done
if [[ $overlay == --production && -z ${DATABASE_URL:-} ]]; then
  echo 'set DATABASE_URL to the managed PostgreSQL (postgresql://USER:PASSWORD@HOST:5432/fapi)' >&2
  exit 1
fi

# Production: each public URL's host must be on the certificate of the service behind it, or every browser and peer
# connecting there refuses the connection (the services trust only the sandbox CA). The setting, then the service.
PUBLIC_URLS=('ISSUER authorization-server' 'BANK_URL bank-api' 'TPP_URL tpp-client')
names_host() { # certificate file, host: X509Certificate.checkHost, as TLS clients match a host name (RFC 6125)
  node -e 'const [file, host] = process.argv.slice(1);
    process.exit(new (require("node:crypto").X509Certificate)(require("node:fs").readFileSync(file)).checkHost(host) ? 0 : 1)' "$1" "$2" 2>/dev/null
}
if [[ $overlay == --production ]]; then
  public_urls=$(dirname "$0")/overlays/production/public-urls.env
  for entry in "${PUBLIC_URLS[@]}"; do
    setting=${entry% *} service=${entry#* }
    url=$(sed -n "s/^$setting=//p" "$public_urls")
    host=${url#https://}
    host=${host%%[:/]*}
    if ! names_host "$certs/$service.pem" "$host"; then
      echo "$certs/$service.pem does not name $host ($setting in $public_urls): run npm run certs -- --out $certs --host $service=$host (README \"Running on Kubernetes\")" >&2
      exit 1
    fi
  done
fi

secret() { # name, then kubectl's --from-file/--from-literal arguments
  local name=$1
  shift
  echo '---'
  kubectl create secret generic "$name" "$@" --dry-run=client -o yaml
}

for entry in "${SECRET_FILES[@]}"; do
  arguments=()
  for file in ${entry#* }; do arguments+=("--from-file=$file=$certs/$file"); done
  secret "${entry%% *}" "${arguments[@]}"
done

if [[ $overlay == --trial ]]; then
  password=${POSTGRES_PASSWORD:-$(head -c 24 /dev/urandom | base64 | tr '+/' '-_')}
  secret postgres --from-literal=POSTGRES_PASSWORD="$password"
  secret database --from-literal=DATABASE_URL="postgresql://postgres:$password@postgres:5432/fapi"
else
  secret database --from-literal=DATABASE_URL="$DATABASE_URL"
fi
