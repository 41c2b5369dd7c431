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

. "$(dirname "$0")/lib/apt.sh"
apt_install ensure-chromium "${missing[@]}"
