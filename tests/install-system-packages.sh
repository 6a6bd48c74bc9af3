#!/bin/sh
# Install the Debian packages listed in tests/system-packages.txt, for the tests that start real components.
# As root or with password-less sudo this installs them; otherwise it names what is missing and goes on, and
# the tests that need a missing package skip with its name. Under CI=true a failed install stops the run.
set -u
here=$(dirname "$0")
packages=$(grep -v '^\s*#' "$here/system-packages.txt" | tr -s ' \n' ' ')
missing=""
for package in $packages; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing="$missing $package"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
    as_root=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root="sudo -n"
else
    echo "tests: cannot install system packages (not root, no password-less sudo):$missing" >&2
    echo "tests: the tests that need them will skip; install them with: sudo apt-get install$missing" >&2
    [ "${CI:-}" = "true" ] && exit 1
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
if $as_root apt-get install -y -q --no-install-recommends $missing >/dev/null \
   || { $as_root apt-get update -q >/dev/null && $as_root apt-get install -y -q --no-install-recommends $missing >/dev/null; }; then
    exit 0
fi
echo "tests: apt-get could not install:$missing" >&2
[ "${CI:-}" = "true" ] && exit 1
exit 0
