#!/usr/bin/env bash
# Draws the diagrams of the tppo-ntb content pack into ../img/*.png.
#
# Usage: bash src/diagrams.sh        (from anywhere; output goes next to this script's parent)
# Needs: ImageMagick (convert or magick) and the DejaVu Sans fonts
#        (Debian/Ubuntu: apt-get install -y imagemagick fonts-dejavu-core).
#
# To change a label, edit the text in the section of that diagram and run the
# script again. Keep labels short: each section notes how much room a line has.
#
# Readable from the back of the hall: every text on a projected slide must be
# at least 1/30 of the screen height (25.6 px at 768). Penyuluh shows a picture
# under a one-line slide title at about 515 px high for a 1600-px-wide picture
# on a 1024x768 projector (the tightest case; 575 px at 1366x768), so a label
# of MIN_LABEL = 48 px in a 1600-px-wide picture shows at about 27 px. The
# script refuses any smaller text. That is why the pictures carry no title of
# their own (the slide's title says it) and their slides carry no caption:
# both would make the picture smaller. ui/slide_view_test.go checks the rest.
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
# legible SIZE TEXT: refuse text smaller than MIN_LABEL (see the top of this file)
MIN_LABEL=48
legible() {
  if [ "$1" -lt "$MIN_LABEL" ]; then
    echo "text \"$2\" is $1 px; the smallest allowed is $MIN_LABEL px" >&2
    exit 1
  fi
}
# text X Y SIZE FONT COLOUR TEXT: top-left of the text at X,Y
text() { legible "$3" "$6"; args+=(-gravity NorthWest -font "$4" -pointsize "$3" -fill "$5" -annotate "+$1+$2" "$6"); }
# ctext CX Y SIZE FONT COLOUR TEXT: text centred on x = CX, top at Y
ctext() {
  legible "$3" "$6"
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
#    The slide's title names it. Box lines: about 14 characters at 54 px.
start
col=0
for spec in \
  "PROSES|$BLUE|merekrut|mengangkut|menampung|mengirim" \
  "CARA|$AMBER|menipu|mengancam|jerat utang|memalsukan" \
  "TUJUAN|$RED|EKSPLOITASI|kerja paksa|perbudakan|pelacuran"; do
  IFS='|' read -r head colour l1 l2 l3 l4 <<<"$spec"
  x1=$(( 20 + col * 545 )); x2=$(( x1 + 470 )); cx=$(( x1 + 235 ))
  box "$x1" 20 "$x2" 770 "$PANEL" "$colour" 6
  box "$x1" 20 "$x2" 160 "$colour"
  headink=$WHITE; [ "$colour" = "$AMBER" ] && headink=$INK
  ctext "$cx" 48 72 "$BOLD" "$headink" "$head"
  y=200
  for line in "$l1" "$l2" "$l3" "$l4"; do
    if [ "$line" = "EKSPLOITASI" ]; then ctext "$cx" "$y" 54 "$BOLD" "$RED" "$line"
    else ctext "$cx" "$y" 54 "$REG" "$INK" "$line"; fi
    y=$(( y + 142 ))
  done
  if [ "$col" -lt 2 ]; then arrow $(( x2 + 6 )) $(( x2 + 70 )) 395 "$AMBER"; fi
  col=$(( col + 1 ))
done
ctext 800 808 52 "$REG" "$INK" "Dasar: UU 21/2007 Pasal 1 angka 1"
save unsur-tppo.png

# 2. jalur-resmi.png: the legal route in ten numbered steps, two columns.
#    The slide's title names it. Step labels: about 21 characters at 52 px.
start
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
  x1=$(( 10 + c * 800 )); x2=$(( x1 + 780 ))
  y1=$(( 24 + r * 174 )); y2=$(( y1 + 150 )); cy=$(( y1 + 75 ))
  if [ "$n" -eq 10 ]; then
    box "$x1" "$y1" "$x2" "$y2" "$GREEN"
    circle $(( x1 + 70 )) "$cy" 54 "$WHITE"
    ctext $(( x1 + 70 )) $(( cy - 31 )) 52 "$BOLD" "$GREEN" "$n"
    text $(( x1 + 142 )) $(( cy - 35 )) 58 "$BOLD" "$WHITE" "${steps[$i]}"
  else
    box "$x1" "$y1" "$x2" "$y2" "$PANEL" "$BLUE" 4
    circle $(( x1 + 70 )) "$cy" 54 "$BLUE"
    ctext $(( x1 + 70 )) $(( cy - 33 )) 56 "$BOLD" "$WHITE" "$n"
    text $(( x1 + 142 )) $(( cy - 32 )) 52 "$REG" "$INK" "${steps[$i]}"
  fi
done
save jalur-resmi.png

# 3. kartu-lapor.png: where to report, the slide people photograph. ONLY
#    numbers marked [V] in the fact sheet (../shared/content-facts.md, section 4)
#    and cited in the notes of the slide "Ke Mana Melapor?".
#    Values: about 29 characters a line at 50 px bold; labels about 15 at 48 px.
start
box 0 0 $W 104 "$BLUE"
ctext 800 18 62 "$BOLD" "$WHITE" "Curiga Perdagangan Orang? LAPOR!"
rows=(
  "Polisi|110 · gratis, 24 jam"
  "SAPA 129|129 · WA 08111-129-129"
  "KP2MI|0-800-1000 (bebas pulsa)|WA 0811-8080-141|Luar negeri: +62 21 2924 4800"
  "LAPOR!|lapor.go.id · SMS 1708"
  "Bhabinkamtibmas|Polisi di desa Anda"
)
y1=118
for i in "${!rows[@]}"; do
  IFS='|' read -r label v1 v2 v3 <<<"${rows[$i]}"
  lines=1; [ -n "$v2" ] && lines=2; [ -n "$v3" ] && lines=3
  h=$(( 56 + lines * 62 )); y2=$(( y1 + h )); cy=$(( y1 + h / 2 ))
  colour=$BLUE; ink=$WHITE
  if [ "$i" -eq 0 ]; then colour=$AMBER; ink=$INK; fi
  box 20 "$y1" 1580 "$y2" "$PANEL" "$colour" 4
  box 20 "$y1" 560 "$y2" "$colour"
  ctext 290 $(( cy - 29 )) 48 "$BOLD" "$ink" "$label"
  ty=$(( cy - lines * 31 ))
  for v in "$v1" "$v2" "$v3"; do
    [ -n "$v" ] || continue
    text 590 "$ty" 50 "$BOLD" "$INK" "$v"
    ty=$(( ty + 62 ))
  done
  y1=$(( y2 + 12 ))
done
[ "$y1" -le $(( H + 12 )) ] || { echo "kartu-lapor.png: the rows need $y1 px, more than $H" >&2; exit 1; }
save kartu-lapor.png

# 4. tanda-bahaya.png: warning signs of an illegal recruiter, one a row.
#    The slide's title names it. Lines: about 40 characters at 54 px.
start
signs=(
  "Gaji sangat tinggi, proses serba cepat"
  "Diminta bayar puluhan juta rupiah"
  "Berangkat pakai visa turis, ziarah, umrah"
  "Tidak lewat Disnaker, LTSA, atau BP3MI"
  "Umur atau data KTP diubah"
  "Paspor ditahan orang lain"
  "Tidak ada kontrak kerja"
)
for i in "${!signs[@]}"; do
  y1=$(( 14 + i * 126 )); cy=$(( y1 + 56 ))
  box 20 "$y1" 1580 $(( y1 + 112 )) "$PANEL"
  circle 90 "$cy" 42 "$RED"
  ctext 90 $(( cy - 35 )) 60 "$BOLD" "$WHITE" "!"
  text 160 $(( cy - 33 )) 54 "$REG" "$INK" "${signs[$i]}"
done
save tanda-bahaya.png
