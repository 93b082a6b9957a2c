#!/usr/bin/env bash
# Create .venv (if needed) and install dckg with its test tools and the system tools the tests use.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[test]"
if [ "${1:-}" = "--system" ]; then
  # Independent RDF parser (rapper) for the interoperability tests; Debian's Chromium and CJK fonts for the
  # browser tests of the network page and the PDF tests (Playwright drives /usr/bin/chromium; it downloads no
  # browser). Root on CI.
  need=()
  command -v rapper >/dev/null 2>&1 || need+=(raptor2-utils)
  [ -x /usr/bin/chromium ] || need+=(chromium)
  fc-list 2>/dev/null | grep -q "Noto Sans CJK" || need+=(fonts-noto-cjk)
  # TrueType CJK fonts that Chromium embeds with their character maps, for the PDFs the PDF tests lay out
  fc-list 2>/dev/null | grep -q "WenQuanYi Zen Hei" || need+=(fonts-wqy-zenhei)
  fc-list 2>/dev/null | grep -q "AR PL UMing" || need+=(fonts-arphic-uming)
  # OpenLink Virtuoso (virtuoso-t, isql-vt), the second engine the push tests start on loopback
  command -v virtuoso-t >/dev/null 2>&1 || need+=(virtuoso-opensource)
  if [ ${#need[@]} -gt 0 ]; then
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
  fi
fi
