#!/usr/bin/env bash
# ensure-libreoffice.sh: install Debian's libreoffice-writer-nogui (headless
# LibreOffice, which lays the Word briefing out as a reader's word processor
# does: the test converts the .docx to PDF and counts its pages) and
# fonts-noto-cjk (the document's fonts) when missing.
# Idempotent and silent when both are present. Needs root (or sudo) and apt.
set -euo pipefail

missing=()
command -v soffice >/dev/null 2>&1 || command -v libreoffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q "install ok installed" || missing+=(fonts-noto-cjk)
command -v pdfinfo >/dev/null 2>&1 || missing+=(poppler-utils) # counts the pages of the converted PDF
((${#missing[@]} == 0)) && exit 0

. "$(dirname "$0")/lib/apt.sh"
apt_install ensure-libreoffice "${missing[@]}"
