#!/usr/bin/env bash
# Installs what `make bench` needs beyond `make deps`, only what is missing;
# silent when all is there. Safe to run again and again.
#
#   Debian packages  nginx-light (/usr/sbin/nginx), the yardstick server, and
#                    libnginx-mod-http-brotli-static, so that nginx serves the
#                    export's .br copies as fixflow does (brotli_static on)
#
# The bench program never installs anything: without the brotli module it
# compares both servers with Accept-Encoding: gzip and says so.
set -euo pipefail

say() { echo "bench deps: $*" >&2; }
die() { echo "bench deps: ERROR: $*" >&2; exit 1; }

brotli_module_present() {
	local d
	for d in /usr/lib/nginx/modules /usr/share/nginx/modules; do
		[ -f "$d/ngx_http_brotli_static_module.so" ] && return 0
	done
	return 1
}

pkgs=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || pkgs+=(nginx-light)
brotli_module_present || pkgs+=(libnginx-mod-http-brotli-static)
[ ${#pkgs[@]} -eq 0 ] && exit 0

cmd="apt-get update && apt-get install -y ${pkgs[*]}"
command -v apt-get >/dev/null 2>&1 ||
	die "missing ${pkgs[*]} and this is not a Debian-like system: install nginx (with the brotli static module) yourself"
if [ "$(id -u)" -eq 0 ]; then
	sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	sudo=(sudo)
else
	die "missing ${pkgs[*]}; run as root (or through sudo):  $cmd"
fi
say "installing ${pkgs[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get -q -o DPkg::Lock::Timeout=600 update >/dev/null || die "apt-get update failed; run:  $cmd"
# (The bench never uses a system nginx: it runs its own on a free port.)
"${sudo[@]}" apt-get -q -y -o DPkg::Lock::Timeout=600 install "${pkgs[@]}" >/dev/null ||
	die "apt-get install failed; run:  $cmd"
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || die "still no nginx after installing nginx-light"
brotli_module_present || say "no brotli static module after installing it: the bench compares with gzip"
exit 0
