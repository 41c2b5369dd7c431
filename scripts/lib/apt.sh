# Shared by the scripts/ensure-*.sh installers (source it; do not run it).
#
# apt_install WHO PKG…: installs Debian packages with apt-get, as root or
# through sudo, without starting any service the packages ship (a temporary
# policy-rc.d refuses service starts: the tests run their own private
# servers). WHO names the calling script in messages. Exits the calling
# script with a message saying what to do when apt-get or root is missing.
apt_install() {
  local who="$1"
  shift
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "$who: apt-get not found; install by hand: $*" >&2
    exit 1
  fi
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
      echo "$who: not root and sudo is unavailable; run as root:" >&2
      echo "  apt-get update && apt-get install -y $*" >&2
      exit 1
    fi
    sudo=(sudo)
  fi
  echo "$who: installing $* with apt-get" >&2
  local policy=/usr/sbin/policy-rc.d created=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null
    "${sudo[@]}" chmod +x "$policy"
    created=1
  fi
  local status=0
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq || status=$?
  if [ "$status" -eq 0 ]; then
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null || status=$?
  fi
  if [ "$created" = 1 ]; then "${sudo[@]}" rm -f "$policy"; fi
  if [ "$status" -ne 0 ]; then
    echo "$who: apt-get failed (exit $status) installing $*" >&2
    exit "$status"
  fi
}
