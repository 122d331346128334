#!/usr/bin/env bash
# Makes sure the Debian packages the app and its tests need are present.
# As root on Debian it installs what is missing; elsewhere it names what is missing and fails.
set -euo pipefail

PACKAGES=(
  # Qt runtime (offscreen and xcb under Xvfb) and QtMultimedia
  libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0
  libxcb-xinerama0 libxcb-randr0 libxcb-xfixes0 libxcb-xkb1 libpulse0
  # Chinese glyphs, a virtual screen, Word-compatible conversion (and Calc, which reads the reports
  # back in the formula-cell test), PDF tools, the office database
  fonts-noto-cjk xvfb xauth libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils postgresql
  # LibreOffice's Python bridge: one LibreOffice kept running for quick previews
  python3-uno
)

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$p")
  done
  # python3 -m venv needs python3-venv on Debian's own Python
  if ! python3 -c 'import ensurepip' >/dev/null 2>&1; then missing+=(python3-venv); fi
else
  for cmd in soffice pdftotext pdftoppm Xvfb pg_ctl; do
    command -v "$cmd" >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/"$cmd" >/dev/null 2>&1 || missing+=("$cmd")
  done
  fc-list :lang=zh 2>/dev/null | grep -q . || missing+=("a Chinese font (Noto Sans CJK)")
fi

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

if [[ $(id -u) -eq 0 && -f /etc/debian_version ]] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing missing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  exit 0
fi

echo "Missing system packages: ${missing[*]}" >&2
echo "On Debian/Ubuntu: sudo apt-get install ${missing[*]}" >&2
exit 1
