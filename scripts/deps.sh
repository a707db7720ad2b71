#!/usr/bin/env bash
# Installs what `make test` needs, only what is missing; silent when all is
# there. Safe to run again and again.
#
#   Debian packages  chromium (/usr/bin/chromium), webkit2gtk-driver
#                    (/usr/bin/WebKitWebDriver), xvfb (/usr/bin/Xvfb),
#                    postgresql (a server for the stats store's tests:
#                    scripts/postgres.sh), npm when there is none
#   npm              axe-core and Lighthouse (make bench), exactly as
#                    package-lock.json says (npm ci); Lighthouse drives
#                    Debian's Chromium (CHROME_PATH), it downloads no browser
#   Go               staticcheck (pinned below) into $(go env GOPATH)/bin
#
# $CHROMIUM and $WEBKIT_WEBDRIVER, when set, stand for the Debian binaries
# (as they do in internal/browsertest).
set -euo pipefail

STATICCHECK_VERSION=v0.8.2 # staticcheck 2026.2.2, the first line that supports Go 1.26

cd "$(dirname "$0")/.."

say() { echo "deps: $*" >&2; }
die() { echo "deps: ERROR: $*" >&2; exit 1; }

# With --bench, also what `make bench` needs: nginx-light, the yardstick
# server, and its brotli static module, so that nginx serves the export's .br
# copies as fixflow does (without the module the bench compares with gzip).
bench=false
[ "${1:-}" = --bench ] && bench=true

brotli_module_present() {
	local d
	for d in /usr/lib/nginx/modules /usr/share/nginx/modules; do
		[ -f "$d/ngx_http_brotli_static_module.so" ] && return 0
	done
	return 1
}

# --- Debian packages -----------------------------------------------------
pkgs=()
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || pkgs+=(chromium)
[ -x "${WEBKIT_WEBDRIVER:-/usr/bin/WebKitWebDriver}" ] || pkgs+=(webkit2gtk-driver)
[ -x /usr/bin/Xvfb ] || pkgs+=(xvfb)
postgres_present() { ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; }
postgres_present || pkgs+=(postgresql)
command -v npm >/dev/null 2>&1 || pkgs+=(npm)
if $bench; then
	command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || pkgs+=(nginx-light)
	brotli_module_present || pkgs+=(libnginx-mod-http-brotli-static)
fi

if [ ${#pkgs[@]} -gt 0 ]; then
	# The command the brief asks for, plus npm and the bench's nginx when
	# they are missing.
	want=(chromium webkit2gtk-driver xvfb postgresql)
	for p in "${pkgs[@]}"; do
		case "$p" in npm | nginx-light | libnginx-mod-http-brotli-static) want+=("$p") ;; esac
	done
	cmd="apt-get update && apt-get install -y ${want[*]}"
	if ! command -v apt-get >/dev/null 2>&1; then
		die "missing ${pkgs[*]} and this is not a Debian-like system: install chromium, WebKitWebDriver (webkit2gtk-driver), Xvfb and a PostgreSQL server yourself"
	fi
	if [ "$(id -u)" -eq 0 ]; then
		sudo=()
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
		sudo=(sudo)
	else
		die "missing ${pkgs[*]}; run as root (or through sudo):  $cmd"
	fi
	say "installing ${want[*]} (missing: ${pkgs[*]})"
	export DEBIAN_FRONTEND=noninteractive
	# Wait for another apt (an unattended upgrade, say) instead of failing.
	"${sudo[@]}" apt-get -q -o DPkg::Lock::Timeout=600 update >/dev/null ||
		die "apt-get update failed; run:  $cmd"
	"${sudo[@]}" apt-get -q -y -o DPkg::Lock::Timeout=600 install "${want[@]}" >/dev/null ||
		die "apt-get install failed; run:  $cmd"
	[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || die "still no ${CHROMIUM:-/usr/bin/chromium} after installing chromium"
	[ -x "${WEBKIT_WEBDRIVER:-/usr/bin/WebKitWebDriver}" ] || die "still no WebKitWebDriver after installing webkit2gtk-driver"
	[ -x /usr/bin/Xvfb ] || die "still no /usr/bin/Xvfb after installing xvfb"
	postgres_present || die "still no /usr/lib/postgresql/*/bin/initdb after installing postgresql"
fi

# --- npm: axe-core --------------------------------------------------------
if [ ! -f node_modules/axe-core/axe.min.js ] || [ ! -f node_modules/lighthouse/cli/index.js ] ||
	[ ! -f node_modules/.package-lock.json ] ||
	[ package-lock.json -nt node_modules/.package-lock.json ]; then
	say "npm ci (axe-core, lighthouse)"
	npm ci --no-audit --no-fund --loglevel=error >/dev/null ||
		die "npm ci failed; run it in $(pwd) to see why"
	[ -f node_modules/axe-core/axe.min.js ] || die "npm ci did not install node_modules/axe-core/axe.min.js"
	[ -f node_modules/lighthouse/cli/index.js ] || die "npm ci did not install node_modules/lighthouse/cli/index.js"
	touch node_modules/.package-lock.json # so that a same-second lock file does not look newer
fi

# --- staticcheck ------------------------------------------------------------
gobin="$(go env GOBIN)"
[ -n "$gobin" ] || gobin="$(go env GOPATH)/bin"
if ! command -v staticcheck >/dev/null 2>&1 && [ ! -x "$gobin/staticcheck" ]; then
	say "go install honnef.co/go/tools/cmd/staticcheck@$STATICCHECK_VERSION"
	go install "honnef.co/go/tools/cmd/staticcheck@$STATICCHECK_VERSION" ||
		die "installing staticcheck failed; run:  go install honnef.co/go/tools/cmd/staticcheck@$STATICCHECK_VERSION"
fi
