#!/usr/bin/env bash
# Installs the Debian tools the document tests call: pdfsig/pdftotext/pdftoppm (poppler-utils),
# qpdf, certutil (libnss3-tools, so pdfsig can be told to trust a test CA) and zbarimg
# (zbar-tools, to read back the QR code printed on a letter), and chromium, headless, for the
# browser tests of the web UI (driven by playwright-core; never a downloaded browser build), and
# PHP with curl and PHPUnit for the PHP client's tests (clients/php), and OCR of scanned letters:
# ocrmypdf with tesseract's Indonesian model (tesseract-ocr-ind) and ghostscript, and
# docker-compose (Debian's v1), which validates docker/compose.yaml in src/compose-file.spec.ts.
# Idempotent: apt runs only when a command is missing. Must run as root.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

declare -A package_for_command=(
  [pdfsig]=poppler-utils
  [chromium]=chromium
  [pdftotext]=poppler-utils
  [pdftoppm]=poppler-utils
  [qpdf]=qpdf
  [certutil]=libnss3-tools
  [zbarimg]=zbar-tools
  [php]=php-cli
  [phpunit]=phpunit
  [ocrmypdf]=ocrmypdf
  [gs]=ghostscript
  [docker-compose]=docker-compose
)

missing=()
for cmd in "${!package_for_command[@]}"; do
  if ! command -v "$cmd" >/dev/null 2>&1; then
    missing+=("${package_for_command[$cmd]}")
  fi
done
# An extension, not a command: the PHP client calls the API through ext-curl.
if ! command -v php >/dev/null 2>&1 || ! php -m 2>/dev/null | grep -qx curl; then
  missing+=(php-curl)
fi

# A language model, not a command: OCR reads Indonesian (ocrmypdf -l ind).
if ! command -v tesseract >/dev/null 2>&1 || ! tesseract --list-langs 2>/dev/null | grep -qx ind; then
  missing+=(tesseract-ocr-ind)
fi

if [ "${#missing[@]}" -eq 0 ]; then
  echo "system deps: all present"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "system deps: run as root to install: ${missing[*]}" >&2
  exit 1
fi

# Deduplicate: several commands come from one package.
mapfile -t packages < <(printf '%s\n' "${missing[@]}" | sort -u)
echo "system deps: installing ${packages[*]}"
apt-get update -q
apt-get install -y -q --no-install-recommends "${packages[@]}"
