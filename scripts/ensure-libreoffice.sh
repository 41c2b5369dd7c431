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

if ! command -v apt-get >/dev/null 2>&1; then
	echo "ensure-libreoffice: missing ${missing[*]} and apt-get is not available; install LibreOffice Writer and Noto CJK fonts by hand." >&2
	exit 1
fi

sudo=()
if [[ $(id -u) -ne 0 ]]; then
	command -v sudo >/dev/null 2>&1 || {
		echo "ensure-libreoffice: missing ${missing[*]}; run as root: apt-get install -y ${missing[*]}" >&2
		exit 1
	}
	sudo=(sudo)
fi

echo "ensure-libreoffice: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
