#!/usr/bin/env bash
# Debian packages the test suite needs: Chromium for browser tests, npm for axe-core, Pango and fonts for
# WeasyPrint, poppler for turning PDFs into text and pictures, gettext for the translation catalogues. Installs only what is missing.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
# msgfmt compiles the translation catalogues (locale/*/LC_MESSAGES/django.po).
command -v msgfmt >/dev/null 2>&1 || need+=(gettext)
# npm installs axe-core for the accessibility tests (package-lock.json).
command -v npm >/dev/null 2>&1 || need+=(npm)
for pkg in libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
[ ${#need[@]} -eq 0 ] && exit 0
echo "Installiere Systempakete: ${need[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
