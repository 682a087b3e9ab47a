#!/usr/bin/env bash
# Draws the diagrams of the tppo-ntb content pack into ../img/*.png.
#
# Usage: bash src/diagrams.sh        (from anywhere; output goes next to this script's parent)
# Needs: ImageMagick (convert or magick) and the DejaVu Sans fonts
#        (Debian/Ubuntu: apt-get install -y imagemagick fonts-dejavu-core).
#
# To change a label, edit the text in the section of that diagram and run the
# script again. Every picture is 1600x900, white background, labels >= 48 px.
# Keep labels short: each section notes how much room a line has.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out="$here/../img"
mkdir -p "$out"

FONT_DIR=${FONT_DIR:-/usr/share/fonts/truetype/dejavu}
REG="$FONT_DIR/DejaVuSans.ttf"
BOLD="$FONT_DIR/DejaVuSans-Bold.ttf"
for f in "$REG" "$BOLD"; do
  [ -f "$f" ] || { echo "font not found: $f (apt-get install -y fonts-dejavu-core, or set FONT_DIR)" >&2; exit 1; }
done
if command -v magick >/dev/null 2>&1; then IM=(magick); else IM=(convert); fi

# Palette: dark blue, amber accent, green for "resmi/aman", red only for danger.
BLUE="#1F3A5F"; AMBER="#F29F05"; GREEN="#2E7D32"; RED="#C62828"
INK="#1A1A1A"; PANEL="#EEF3F8"; WHITE="#FFFFFF"
W=1600; H=900

# args accumulates the drawing commands of the current picture.
args=()
start() { args=(-size "${W}x${H}" "xc:$WHITE" -stroke none); }
# box X1 Y1 X2 Y2 FILL [STROKE WIDTH]: rounded rectangle
box() {
  if [ $# -ge 7 ]; then args+=(-fill "$5" -stroke "$6" -strokewidth "$7")
  else args+=(-fill "$5" -stroke none); fi
  args+=(-draw "roundrectangle $1,$2 $3,$4 18,18" -stroke none)
}
# text X Y SIZE FONT COLOUR TEXT: top-left of the text at X,Y
text() { args+=(-gravity NorthWest -font "$4" -pointsize "$3" -fill "$5" -annotate "+$1+$2" "$6"); }
# ctext CX Y SIZE FONT COLOUR TEXT: text centred on x = CX, top at Y
ctext() {
  local dx=$(( $1 - W / 2 )) sign="+"
  if [ "$dx" -lt 0 ]; then sign="-"; dx=$(( -dx )); fi
  args+=(-gravity North -font "$4" -pointsize "$3" -fill "$5" -annotate "${sign}${dx}+$2" "$6")
}
# circle CX CY R FILL
circle() { args+=(-fill "$4" -stroke none -draw "circle $1,$2 $(( $1 + $3 )),$2"); }
# arrow X1 X2 CY COLOUR: thick right-pointing arrow from X1 to X2 at height CY
arrow() {
  local head=$(( $2 - 36 ))
  args+=(-fill "$4" -stroke none
    -draw "rectangle $1,$(( $3 - 12 )) $head,$(( $3 + 12 ))"
    -draw "polygon $head,$(( $3 - 34 )) $2,$3 $head,$(( $3 + 34 ))")
}
save() {
  "${IM[@]}" "${args[@]}" -depth 8 -strip -define png:compression-level=9 "$out/$1"
  echo "wrote $out/$1" >&2
}

# 1. unsur-tppo.png: PROSES -> CARA -> TUJUAN (UU 21/2007 Pasal 1 angka 1).
#    Box body lines: about 15 characters at 48 px.
start
ctext 800 34 68 "$BOLD" "$BLUE" "Tiga Unsur TPPO"
col=0
for spec in \
  "PROSES|$BLUE|merekrut|mengangkut|menampung|mengirim" \
  "CARA|$AMBER|menipu|mengancam|jerat utang|memalsukan" \
  "TUJUAN|$RED|EKSPLOITASI|kerja paksa|perbudakan|pelacuran"; do
  IFS='|' read -r head colour l1 l2 l3 l4 <<<"$spec"
  x1=$(( 40 + col * 540 )); x2=$(( x1 + 440 )); cx=$(( x1 + 220 ))
  box "$x1" 150 "$x2" 760 "$PANEL" "$colour" 6
  box "$x1" 150 "$x2" 270 "$colour"
  headink=$WHITE; [ "$colour" = "$AMBER" ] && headink=$INK
  ctext "$cx" 176 64 "$BOLD" "$headink" "$head"
  y=310
  for line in "$l1" "$l2" "$l3" "$l4"; do
    if [ "$line" = "EKSPLOITASI" ]; then ctext "$cx" "$y" 52 "$BOLD" "$RED" "$line"
    else ctext "$cx" "$y" 52 "$REG" "$INK" "$line"; fi
    y=$(( y + 106 ))
  done
  if [ "$col" -lt 2 ]; then arrow $(( x2 + 14 )) $(( x2 + 88 )) 455 "$AMBER"; fi
  col=$(( col + 1 ))
done
ctext 800 800 48 "$REG" "$INK" "Dasar: UU 21/2007 Pasal 1 angka 1"
save unsur-tppo.png

# 2. jalur-resmi.png: the legal route in ten numbered steps, two columns.
#    Step labels: about 22 characters at 50 px.
start
ctext 800 26 64 "$BOLD" "$BLUE" "Jalur Resmi Kerja ke Luar Negeri"
steps=(
  "Disnaker atau LTSA"
  "P3MI berizin"
  "Perjanjian penempatan"
  "Cek sehat & psikologi"
  "Pelatihan & sertifikat"
  "Paspor & visa kerja"
  "BPJS Ketenagakerjaan"
  "Perjanjian kerja"
  "OPP di BP3MI"
  "BERANGKAT"
)
for i in "${!steps[@]}"; do
  n=$(( i + 1 )); c=$(( i / 5 )); r=$(( i % 5 ))
  x1=$(( 20 + c * 800 )); x2=$(( x1 + 760 ))
  y1=$(( 125 + r * 152 )); y2=$(( y1 + 130 )); cy=$(( y1 + 65 ))
  if [ "$n" -eq 10 ]; then
    box "$x1" "$y1" "$x2" "$y2" "$GREEN"
    circle $(( x1 + 68 )) "$cy" 50 "$WHITE"
    ctext $(( x1 + 68 )) $(( cy - 29 )) 48 "$BOLD" "$GREEN" "$n"
    text $(( x1 + 138 )) $(( cy - 32 )) 54 "$BOLD" "$WHITE" "${steps[$i]}"
  else
    box "$x1" "$y1" "$x2" "$y2" "$PANEL" "$BLUE" 4
    circle $(( x1 + 68 )) "$cy" 50 "$BLUE"
    ctext $(( x1 + 68 )) $(( cy - 31 )) 50 "$BOLD" "$WHITE" "$n"
    text $(( x1 + 138 )) $(( cy - 31 )) 50 "$REG" "$INK" "${steps[$i]}"
  fi
done
save jalur-resmi.png

# 3. kartu-lapor.png: where to report. ONLY numbers marked [V] in the fact sheet.
#    Right-hand text: about 29 characters at 50 px bold; labels about 16 at 48 px.
start
box 0 0 $W 110 "$BLUE"
ctext 800 22 64 "$BOLD" "$WHITE" "Curiga Perdagangan Orang? LAPOR!"
rows=(
  "Polisi|110 (gratis, 24 jam)"
  "SAPA 129|129 · WA 08111-129-129"
  "KP2MI|0-800-1000 · WA 0811-8080-141"
  "LAPOR!|SMS 1708"
  "Bhabinkamtibmas|Polisi di desa Anda"
)
for i in "${!rows[@]}"; do
  IFS='|' read -r label value <<<"${rows[$i]}"
  y1=$(( 136 + i * 150 )); y2=$(( y1 + 130 )); cy=$(( y1 + 65 ))
  colour=$BLUE; ink=$WHITE
  if [ "$i" -eq 0 ]; then colour=$AMBER; ink=$INK; fi
  box 30 "$y1" 1570 "$y2" "$PANEL" "$colour" 4
  box 30 "$y1" 580 "$y2" "$colour"
  ctext 305 $(( cy - 29 )) 48 "$BOLD" "$ink" "$label"
  text 615 $(( cy - 31 )) 50 "$BOLD" "$INK" "$value"
done
save kartu-lapor.png

# 4. tanda-bahaya.png: warning signs of an illegal recruiter.
#    Lines: about 40 characters at 50 px.
start
ctext 800 30 66 "$BOLD" "$RED" "Tanda Bahaya Perekrutan"
signs=(
  "Gaji sangat tinggi, proses serba cepat"
  "Diminta bayar puluhan juta rupiah"
  "Berangkat pakai visa turis, ziarah, umrah"
  "Tidak lewat Disnaker, LTSA, atau BP3MI"
  "Umur atau data KTP diubah"
  "Paspor ditahan, tidak ada kontrak kerja"
)
for i in "${!signs[@]}"; do
  y1=$(( 138 + i * 124 )); cy=$(( y1 + 52 ))
  box 40 "$y1" 1560 $(( y1 + 104 )) "$PANEL"
  circle 110 "$cy" 40 "$RED"
  ctext 110 $(( cy - 33 )) 56 "$BOLD" "$WHITE" "!"
  text 180 $(( cy - 31 )) 50 "$REG" "$INK" "${signs[$i]}"
done
save tanda-bahaya.png
