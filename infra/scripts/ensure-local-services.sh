#!/usr/bin/env bash
# Makes sure the PostgreSQL and NATS (JetStream) servers the sandbox needs answer on 127.0.0.1, starting the
# machine's own (Debian-packaged) servers when they do not. Used by CI and handy on a developer machine.
set -euo pipefail

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for() { # port name
  for _ in $(seq 1 60); do answers "$1" && return 0; sleep 0.5; done
  echo "$2 does not answer on 127.0.0.1:$1" >&2
  return 1
}

if ! answers 5432; then
  echo "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
fi
wait_for 5432 PostgreSQL

if ! answers 4222; then
  echo "starting NATS with JetStream"
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- \
    -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log
fi
wait_for 4222 NATS
echo "PostgreSQL and NATS answer"
