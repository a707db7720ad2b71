#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests of the PostgreSQL store.
#
#   scripts/postgres.sh start DIR   initdb a cluster in DIR (new or empty),
#                                   start it on a Unix socket in DIR and a
#                                   free loopback port, print its DSN
#   scripts/postgres.sh stop DIR    stop it and remove DIR
#   scripts/postgres.sh run CMD…    run CMD with $FIXFLOW_TEST_POSTGRES set:
#                                   as given when it is, else to a cluster
#                                   started for CMD and removed after it
#
# Debian's postgresql (15 or later) must be installed (scripts/deps.sh
# installs it). The server refuses to run as root, so as root the cluster
# belongs to the postgres user (runuser); as anyone else, to that user.
set -euo pipefail

die() { echo "postgres: ERROR: $*" >&2; exit 1; }

bindir() {
	local d
	for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
		[ -x "$d/initdb" ] && { echo "$d"; return; }
	done
	die "no PostgreSQL server in /usr/lib/postgresql/*/bin: apt-get install -y postgresql (scripts/deps.sh does)"
}

as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null ||
		echo $((20000 + RANDOM % 20000))
}

start() {
	local dir="$1" bin port user
	bin="$(bindir)"
	mkdir -p "$dir"
	[ -z "$(ls -A "$dir")" ] || die "$dir is not empty"
	[ "$(id -u)" -ne 0 ] || chown postgres: "$dir"
	chmod 700 "$dir"
	user="$(id -un)"
	[ "$(id -u)" -ne 0 ] || user=postgres
	as_owner "$bin/initdb" -D "$dir/data" -U "$user" -A trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 ||
		die "initdb failed: $(tail -n 5 "$dir/initdb.log")"
	port="$(free_port)"
	as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
		-o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=100" start >/dev/null ||
		die "the server did not start: $(tail -n 5 "$dir/server.log")"
	echo "postgres://$user@127.0.0.1:$port/postgres?sslmode=disable"
}

stop() {
	local dir="$1"
	[ -d "$dir/data" ] && as_owner "$(bindir)/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
	rm -rf "$dir"
}

case "${1:-}" in
start) start "${2:?start DIR}" ;;
stop) stop "${2:?stop DIR}" ;;
run)
	shift
	if [ -n "${FIXFLOW_TEST_POSTGRES:-}" ]; then
		exec "$@"
	fi
	dir="$(mktemp -d /tmp/fixflow-pg.XXXXXX)"
	trap 'stop "$dir"' EXIT
	FIXFLOW_TEST_POSTGRES="$(start "$dir")"
	export FIXFLOW_TEST_POSTGRES
	echo "postgres: a throwaway server for the tests at $FIXFLOW_TEST_POSTGRES" >&2
	"$@"
	;;
*) die "usage: $0 start DIR | stop DIR | run CMD…" ;;
esac
