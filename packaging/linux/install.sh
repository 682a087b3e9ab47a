#!/bin/sh
# Installs Penyuluh for the current user (no root needed): the program into
# ~/.local/bin, the menu entry and the icon into ~/.local/share.
#   sh install.sh            install or upgrade
#   sh install.sh uninstall  remove the program (your data stays in
#                            ~/.local/share/penyuluh)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=${XDG_BIN_HOME:-$HOME/.local/bin}
share=${XDG_DATA_HOME:-$HOME/.local/share}

if [ "${1:-}" = uninstall ]; then
  rm -f "$bin/penyuluh" "$share/applications/penyuluh.desktop" "$share/icons/hicolor/256x256/apps/penyuluh.png"
  echo "Penyuluh dihapus. Data tetap ada di $share/penyuluh"
  exit 0
fi

mkdir -p "$bin" "$share/applications" "$share/icons/hicolor/256x256/apps"
install -m 755 "$here/penyuluh" "$bin/penyuluh"
install -m 644 "$here/penyuluh.png" "$share/icons/hicolor/256x256/apps/penyuluh.png"
sed "s|^Exec=.*|Exec=$bin/penyuluh|" "$here/penyuluh.desktop" >"$share/applications/penyuluh.desktop"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$share/applications" || true
echo "Penyuluh terpasang: $bin/penyuluh (menu: Penyuluh)"
