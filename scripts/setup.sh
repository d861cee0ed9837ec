#!/usr/bin/env bash
# Set up LegalDesk on a fresh Debian machine: system tools, then a virtualenv with the package.
#   scripts/setup.sh          runtime (OCR, legacy Word, fonts for demo PDFs)
#   scripts/setup.sh test     runtime + test tools
#   scripts/setup.sh bench    runtime + test tools + wrk (the web load benchmark, bench/load.py)
set -euo pipefail
cd "$(dirname "$0")/.."

want="${1:-run}"
apt_packages=(tesseract-ocr tesseract-ocr-rus antiword fonts-dejavu-core)
# The browser tests drive Debian's chromium through Playwright (no downloaded browsers);
# LibreOffice Calc opens the desk's XLSX and CSV exports in the tests, as a library would;
# LibreOffice Writer (without its GUI) converts the bibliographic lists' DOCX to PDF;
# nginx (with openssl for a certificate) runs the reverse proxy example of deploy/nginx.
test_packages=(chromium libreoffice-calc libreoffice-writer-nogui nginx openssl)
[ "$want" = "test" ] && apt_packages+=("${test_packages[@]}")
[ "$want" = "bench" ] && apt_packages+=("${test_packages[@]}" wrk)

missing=()
for pkg in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  if command -v apt-get >/dev/null; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "installing Debian packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "warning: no apt-get; install ${missing[*]} by hand for OCR and .doc support" >&2
  fi
fi

python=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$python" -m venv .venv
# Every package from the lock, each file checked against its hash (make lock writes them);
# then the project itself, built by the locked setuptools without fetching anything more.
lock=requirements/lock.txt
[ "$want" != "run" ] && lock=requirements/lock-test.txt
# Reinstall only when the lock or the project's metadata changed since the last setup.
stamp=".venv/.installed-$want"
if [ ! -f "$stamp" ] || [ "$lock" -nt "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --require-hashes --only-binary :all: -r "$lock"
  .venv/bin/python -m pip install -q --no-deps --no-build-isolation -e .
  touch "$stamp"
fi
