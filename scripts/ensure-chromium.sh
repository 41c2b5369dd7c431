#!/usr/bin/env bash
# ensure-chromium.sh: install Debian's chromium (headless browser for the page
# tests, screenshots and PDF), fonts-noto-cjk (Chinese glyphs) and
# poppler-utils (pdftotext, for the PDF tests) when missing.
# Idempotent and silent when both are present. Needs root (or sudo) and apt.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || [[ -x /usr/bin/chromium ]] || missing+=(chromium)
dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q "install ok installed" || missing+=(fonts-noto-cjk)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils) # the briefing's PDF tests read text back
((${#missing[@]} == 0)) && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
	echo "ensure-chromium: missing ${missing[*]} and apt-get is not available; install Chromium and a CJK font (Noto Sans CJK SC) by hand." >&2
	exit 1
fi

sudo=()
if [[ $(id -u) -ne 0 ]]; then
	command -v sudo >/dev/null 2>&1 || {
		echo "ensure-chromium: missing ${missing[*]}; run as root: apt-get install -y ${missing[*]}" >&2
		exit 1
	}
	sudo=(sudo)
fi

echo "ensure-chromium: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
