; Penyuluh installer for Windows 10/11 (64-bit), per user, no admin rights.
;
; Build (paths absolute; SRCDIR holds Penyuluh.exe, penyuluh-cli.exe,
; penyuluh.ico and optionally LICENSE.txt):
;
;   makensis -V2 -DVERSION=0.1.0 -DBUILD=1 -DSRCDIR=/abs/dir \
;     -DOUTFILE=/abs/out/penyuluh-0.1.0-windows-amd64-setup.exe \
;     packaging/windows/installer.nsi
;
; Optional defines:
;   -DSIGNCMD=CMD     sign the uninstaller (before it is packed) and the
;                     finished installer: makensis runs `CMD "FILE"`, which
;                     must sign FILE in place and exit 0, else the build fails.
;                     packaging/windows/sign is such a command (osslsigncode).
;   -DLICENSEPAGE     show SRCDIR\LICENSE.txt as a licence page (the file is
;                     always installed when present, the page is off by
;                     default: one click less for the officers).
;
; Installer command line (Windows):
;   /S                silent; an existing install is upgraded in place
;   /D=C:\path        install folder (must be the last option). Without it: the
;                     registered folder of an earlier install, else
;                     %LOCALAPPDATA%\Programs\Penyuluh. When /D= moves a
;                     registered install, the old folder's program files are
;                     removed once the new ones are in place (the same folder
;                     spelled differently, e.g. with "..", short names or
;                     through a junction, is recognised as the same).
;   /NODESKTOP        no desktop shortcut (also removes one left by an earlier
;                     install); without it the remembered choice is used, on
;                     a first install: yes
;   /ALLOWDOWNGRADE   allow installing a version older than the registered
;                     one (an older Penyuluh cannot open data written by a
;                     newer one). Without it a downgrade is refused with exit
;                     code 2 in silent mode, and asked about (default no) in
;                     the wizard. Reinstalling the same version is allowed.
; The install folder (from /D= or the wizard):
;   - a folder that already holds other files but no Penyuluh.exe (another
;     program's folder, C:\, ...) gets "\Penyuluh" appended, so that no file
;     of others is overwritten or, on uninstall, deleted; if that subfolder
;     too holds other files, the folder is refused;
;   - the data folder (or a folder inside it) is refused;
;   - a folder holding Penyuluh data (data\penyuluh.db) is refused unless it
;     is the registered install's folder: Penyuluh.exe would keep its data
;     there (portable mode) instead of in the data folder;
;   - a file "portable" in it (the portable zip unpacked over an install) is
;     deleted: an installed Penyuluh is never portable.
; Exit codes: 0 ok, 1 cancelled by the user, 2 not installed (Penyuluh is
; running, a file could not be written, the folder is not allowed, a newer
; version is installed, or another installer is running). Nothing is changed
; when the exit code is 2, except after a file could not be written.
;
; Uninstaller (Uninstall.exe in the program folder, also in Apps & features):
; asks whether to delete the data folder %LOCALAPPDATA%\Penyuluh too (default
; no). /S never deletes the data, except with /DELETEDATA (for IT staff:
; `Uninstall.exe /S /DELETEDATA` also deletes %LOCALAPPDATA%\Penyuluh and
; nothing else; without /S it ticks the box, which is still confirmed).
; It deletes only the files listed in install.log in the program folder
; (written by the installer; without it, those of version 0.1.0), then the
; folder if it is empty. Exit code 2 when Penyuluh is running.
;
; The data folder %LOCALAPPDATA%\Penyuluh (database, reports, backups) is
; never written by the installer and is only deleted by the uninstaller when
; the person ticks the box (or with /DELETEDATA). The program folder is
; %LOCALAPPDATA%\Programs\Penyuluh: do not confuse the two.
;
; This file is plain ASCII on purpose (non-ASCII characters via ${U+XXXX}).

Unicode true
Target amd64-unicode
RequestExecutionLevel user
ManifestDPIAware true
SetCompressor /SOLID lzma
; Penyuluh.exe and penyuluh-cli.exe are nearly the same Go binary: with a
; dictionary larger than one of them, solid LZMA stores the second almost for
; free. Costs about 11x this in RAM at build time only (and this at install).
SetCompressorDictSize 64

!macro REQUIRE_DEFINE NAME
  !ifndef ${NAME}
    !error "${NAME} is not defined. usage: makensis -DVERSION=x.y.z -DBUILD=n -DSRCDIR=dir -DOUTFILE=file.exe installer.nsi"
  !endif
!macroend
!insertmacro REQUIRE_DEFINE VERSION
!insertmacro REQUIRE_DEFINE BUILD
!insertmacro REQUIRE_DEFINE SRCDIR
!insertmacro REQUIRE_DEFINE OUTFILE

; VIProductVersion wants four numbers: x.y.z from VERSION (a "-suffix" such
; as -rc1 is dropped there, but kept in the displayed version) plus BUILD.
!searchparse "${VERSION}-" "" VERSION_NUM "-"
!searchparse "${VERSION_NUM}" "" VERSION_MAJOR "." VERSION_MINOR "." VERSION_PATCH
!define VERSION_QUAD "${VERSION_MAJOR}.${VERSION_MINOR}.${VERSION_PATCH}.${BUILD}"
!define /date YEAR "%Y"

!define APPNAME "Penyuluh"
!define PUBLISHER "Penyuluh"
!define APPEXE "Penyuluh.exe"
!define CLIEXE "penyuluh-cli.exe"
!define UNINSTEXE "Uninstall.exe"
; The list of files the installer put in the program folder (see
; RemoveProgramFiles).
!define FILELIST "install.log"
!define REGKEY "Software\Penyuluh"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Penyuluh"
; The data folder: the app's default (store/paths.go). Never written here.
!define DATADIR "$LOCALAPPDATA\Penyuluh"

!ifdef SIGNCMD
  !uninstfinalize '${SIGNCMD} "%1"' = 0
  !finalize '${SIGNCMD} "%1"' = 0
!endif

Name "${APPNAME}"
Caption "Instalasi ${APPNAME} ${VERSION}"
UninstallCaption "Hapus ${APPNAME}"
BrandingText "${APPNAME} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APPNAME}"
InstallDirRegKey HKCU "${REGKEY}" "InstallDir"
ShowInstDetails hide
ShowUninstDetails hide
DetailsButtonText "&Rincian"

!include MUI2.nsh
!include LogicLib.nsh
!include FileFunc.nsh
!include WordFunc.nsh
!include nsDialogs.nsh
!include WinMessages.nsh
!include Sections.nsh

; ---------------------------------------------------------------- variables
Var OldDir        ; program folder of the registered install, "" if none
Var OldVersion    ; its version, "" if none
Var WelcomeText
Var DataDir       ; uninstaller: the data folder
Var DeleteData    ; uninstaller: 1 when the person ticked the box
Var DataCheckbox
Var UnFinishText
Var FinishText
Var ForeignDir    ; the chosen folder when "\Penyuluh" was appended to it

; ---------------------------------------------------------------- pages
!define MUI_ICON "${SRCDIR}\penyuluh.ico"
!define MUI_UNICON "${SRCDIR}\penyuluh.ico"
!define MUI_ABORTWARNING
!define MUI_UNABORTWARNING
!define MUI_COMPONENTSPAGE_NODESC
; Left-hand picture of the welcome and finish pages, twice the 164x314 size so
; that it stays sharp at 200 % scaling. Made from assets/icon/penyuluh.png:
;   convert -size 328x628 xc:'#1f3a68' \( assets/icon/penyuluh.png -depth 8
;     -resize 176x176 \) -gravity north -geometry +0+150 -composite
;     -font assets/fonts/DejaVuSans-Bold.ttf -fill white -pointsize 40
;     -annotate +0+360 Penyuluh -type Palette -depth 8 -colors 128
;     -compress None BMP3:packaging/windows/welcome.bmp
; (Relative to this file: makensis works in the script's folder unless it is
; given /NOCD. ${__FILEDIR__} is relative to the caller's folder in 3.08.)
!define MUI_WELCOMEFINISHPAGE_BITMAP "welcome.bmp"
!define MUI_UNWELCOMEFINISHPAGE_BITMAP "welcome.bmp"

!define MUI_WELCOMEPAGE_TITLE "Selamat datang di instalasi ${APPNAME} ${VERSION}"
!define MUI_WELCOMEPAGE_TEXT "$WelcomeText"
!insertmacro MUI_PAGE_WELCOME

!ifdef LICENSEPAGE
  !insertmacro MUI_PAGE_LICENSE "${SRCDIR}\LICENSE.txt"
!endif

!define MUI_PAGE_HEADER_TEXT "Pilih komponen"
!define MUI_PAGE_HEADER_SUBTEXT "Pilih bagian Penyuluh yang ingin dipasang."
!define MUI_COMPONENTSPAGE_TEXT_TOP "Pilih yang ingin dipasang, lalu klik Lanjut."
!define MUI_COMPONENTSPAGE_TEXT_COMPLIST "Komponen:"
!insertmacro MUI_PAGE_COMPONENTS

!define MUI_PAGE_CUSTOMFUNCTION_PRE DirPre
!define MUI_PAGE_CUSTOMFUNCTION_LEAVE DirLeave
!define MUI_PAGE_HEADER_TEXT "Pilih folder program"
!define MUI_PAGE_HEADER_SUBTEXT "Pilih folder tempat Penyuluh dipasang."
!define MUI_DIRECTORYPAGE_TEXT_TOP "Penyuluh akan dipasang di folder berikut (hanya untuk akun Windows Anda, tanpa hak administrator). Untuk memilih folder lain, klik Cari. Data Anda tidak disimpan di sini, tetapi di ${DATADIR}."
!define MUI_DIRECTORYPAGE_TEXT_DESTINATION "Folder program"
!insertmacro MUI_PAGE_DIRECTORY

!define MUI_INSTFILESPAGE_ABORTHEADER_TEXT "Instalasi dihentikan"
!define MUI_INSTFILESPAGE_ABORTHEADER_SUBTEXT "Lihat keterangan di bawah ini."
!insertmacro MUI_PAGE_INSTFILES

!define MUI_FINISHPAGE_TITLE "Penyuluh siap digunakan"
!define MUI_FINISHPAGE_TEXT "$FinishText"
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APPEXE}"
!define MUI_FINISHPAGE_RUN_TEXT "Buka Penyuluh sekarang"
!insertmacro MUI_PAGE_FINISH

UninstPage custom un.DataPageCreate un.DataPageLeave
!define /redef MUI_INSTFILESPAGE_ABORTHEADER_TEXT "Penghapusan dihentikan"
!define /redef MUI_INSTFILESPAGE_ABORTHEADER_SUBTEXT "Lihat keterangan di bawah ini."
!insertmacro MUI_UNPAGE_INSTFILES
!define MUI_FINISHPAGE_TITLE "Penyuluh sudah dihapus"
!define MUI_FINISHPAGE_TEXT "$UnFinishText"
!insertmacro MUI_UNPAGE_FINISH

!insertmacro MUI_LANGUAGE "Indonesian"

; ---------------------------------------------------------------- strings
LangString TxtWelcomeNew ${LANG_INDONESIAN} "Program ini memasang Penyuluh ${VERSION} di komputer ini, khusus untuk akun Windows Anda. Tidak perlu hak administrator.$\r$\n$\r$\nKlik Lanjut untuk melanjutkan."
LangString TxtWelcomeUpgrade ${LANG_INDONESIAN} "Penyuluh $OldVersion sudah terpasang. Program ini akan memperbaruinya ke versi ${VERSION} di folder yang sama.$\r$\n$\r$\nSesi, daftar hadir, hasil kuis, laporan dan cadangan Anda tetap aman dan tidak diubah.$\r$\n$\r$\nTutup Penyuluh bila sedang terbuka, lalu klik Lanjut."
LangString TxtWelcomeReinstall ${LANG_INDONESIAN} "Penyuluh ${VERSION} sudah terpasang. Program ini akan memasangnya ulang di folder yang sama.$\r$\n$\r$\nSesi, daftar hadir, hasil kuis, laporan dan cadangan Anda tetap aman dan tidak diubah.$\r$\n$\r$\nTutup Penyuluh bila sedang terbuka, lalu klik Lanjut."
LangString TxtRunning ${LANG_INDONESIAN} "Penyuluh sedang terbuka, sehingga tidak dapat diperbarui atau dihapus.$\r$\n$\r$\nSimpan pekerjaan Anda dan tutup semua jendela Penyuluh, lalu coba lagi.$\r$\n$\r$\nBila dibatalkan, tidak ada yang diubah."
LangString TxtWriteFailed ${LANG_INDONESIAN} "Berkas berikut tidak dapat ditulis:$\r$\n$0$\r$\n$\r$\nTutup Penyuluh (dan program lain yang mungkin memakainya), lalu coba lagi."
LangString TxtDirIsData ${LANG_INDONESIAN} "Program Penyuluh tidak dapat dipasang di folder data Penyuluh:$\r$\n${DATADIR}$\r$\n$\r$\nPilih folder lain, misalnya:$\r$\n$LOCALAPPDATA\Programs\Penyuluh"
LangString TxtDirHasData ${LANG_INDONESIAN} "Folder ini sudah berisi data Penyuluh (data\penyuluh.db):$\r$\n$INSTDIR$\r$\n$\r$\nPenyuluh yang dipasang di sini akan menyimpan datanya di folder $\"data$\" itu (seperti versi portabel), bukan di ${DATADIR}.$\r$\n$\r$\nPilih folder lain, misalnya:$\r$\n$LOCALAPPDATA\Programs\Penyuluh"
LangString TxtDirForeign ${LANG_INDONESIAN} "Folder ini sudah berisi berkas lain:$\r$\n$INSTDIR$\r$\n$\r$\nAgar berkas itu tidak tertimpa, pilih folder yang kosong, misalnya:$\r$\n$LOCALAPPDATA\Programs\Penyuluh"
LangString TxtDirAppend ${LANG_INDONESIAN} "Folder yang dipilih sudah berisi berkas lain:$\r$\n$ForeignDir$\r$\n$\r$\nAgar berkas itu tidak tertimpa, Penyuluh akan dipasang di folder baru:$\r$\n$INSTDIR$\r$\n$\r$\nLanjutkan dengan folder baru itu?"
LangString TxtDowngrade ${LANG_INDONESIAN} "Penyuluh $OldVersion sudah terpasang. Versi itu lebih baru daripada versi ${VERSION} yang akan dipasang.$\r$\n$\r$\nPenyuluh versi lama tidak dapat membuka data yang dibuat oleh versi yang lebih baru. Sesi, daftar hadir dan data lain Anda tidak diubah, tetapi mungkin tidak dapat dibuka sebelum versi yang lebih baru dipasang kembali.$\r$\n$\r$\nTetap pasang versi lama ${VERSION}?"
LangString TxtWelcomeDowngrade ${LANG_INDONESIAN} "Penyuluh $OldVersion sudah terpasang. Program ini akan menggantinya dengan versi lama ${VERSION} di folder yang sama.$\r$\n$\r$\nData Anda tidak diubah oleh instalasi ini.$\r$\n$\r$\nTutup Penyuluh bila sedang terbuka, lalu klik Lanjut."
LangString TxtAlreadyRunning ${LANG_INDONESIAN} "Instalasi Penyuluh yang lain sedang berjalan. Tunggu sampai selesai."
LangString TxtFinishDesktop ${LANG_INDONESIAN} "Penyuluh ${VERSION} sudah terpasang. Buka Penyuluh dari menu Start atau dari ikon Penyuluh di desktop.$\r$\n$\r$\nKlik Selesai untuk menutup jendela ini."
LangString TxtFinishNoDesktop ${LANG_INDONESIAN} "Penyuluh ${VERSION} sudah terpasang. Buka Penyuluh dari menu Start.$\r$\n$\r$\nKlik Selesai untuk menutup jendela ini."

LangString UnTxtTitle ${LANG_INDONESIAN} "Hapus Penyuluh"
LangString UnTxtSubtitle ${LANG_INDONESIAN} "Menghapus program Penyuluh dari komputer ini."
LangString UnTxtProgram ${LANG_INDONESIAN} "Program Penyuluh akan dihapus dari:$\r$\n$INSTDIR"
LangString UnTxtDataIntro ${LANG_INDONESIAN} "Data Anda tetap disimpan dan akan terbaca lagi bila Penyuluh dipasang kembali. Untuk menyimpan salinan, salin folder data ke flashdisk sebelum melanjutkan."
LangString UnTxtDeleteData ${LANG_INDONESIAN} "Hapus juga semua data Penyuluh di $DataDir: sesi, daftar hadir, hasil kuis, laporan dan cadangan. Data yang dihapus tidak dapat dikembalikan."
LangString UnTxtNoData ${LANG_INDONESIAN} "Tidak ada data Penyuluh di $DataDir."
LangString UnTxtConfirm ${LANG_INDONESIAN} "Semua data Penyuluh di $DataDir akan dihapus permanen: sesi, daftar hadir, hasil kuis, laporan dan cadangan.$\r$\n$\r$\nData yang dihapus tidak dapat dikembalikan. Lanjutkan?"
LangString UnTxtFinishKept ${LANG_INDONESIAN} "Penyuluh sudah dihapus dari komputer ini.$\r$\n$\r$\nData Anda tetap tersimpan di:$\r$\n$DataDir$\r$\n$\r$\nKlik Selesai untuk menutup jendela ini."
LangString UnTxtFinishDeleted ${LANG_INDONESIAN} "Penyuluh dan semua datanya sudah dihapus dari komputer ini.$\r$\n$\r$\nKlik Selesai untuk menutup jendela ini."
LangString UnTxtFinishDataLeft ${LANG_INDONESIAN} "Penyuluh sudah dihapus, tetapi sebagian data tidak dapat dihapus dan masih ada di:$\r$\n$DataDir$\r$\n$\r$\nKlik Selesai untuk menutup jendela ini."

; ---------------------------------------------------------------- version info
VIProductVersion "${VERSION_QUAD}"
VIFileVersion "${VERSION_QUAD}"
VIAddVersionKey /LANG=${LANG_INDONESIAN} "ProductName" "${APPNAME}"
VIAddVersionKey /LANG=${LANG_INDONESIAN} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_INDONESIAN} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_INDONESIAN} "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=${LANG_INDONESIAN} "FileDescription" "Instalasi ${APPNAME} ${VERSION}"
VIAddVersionKey /LANG=${LANG_INDONESIAN} "LegalCopyright" "${U+00A9} ${YEAR} ${PUBLISHER}"
VIAddVersionKey /LANG=${LANG_INDONESIAN} "OriginalFilename" "penyuluh-${VERSION}-windows-amd64-setup.exe"

; ---------------------------------------------------------------- helpers

; Push DIR, Call [un.]LockedExe, Pop $R0: the path of an executable in DIR
; that is running ("" when none is). A running .exe cannot be opened for
; writing on Windows (its image is mapped), so try exactly that; nothing is
; written and the file is left as it was.
!macro FUNC_LOCKED_EXE PREFIX
Function ${PREFIX}LockedExe
  Exch $R0
  Push $R1
  Push $R2
  StrCpy $R1 "$R0\${APPEXE}"
  Call ${PREFIX}_OpenForWriting
  ${If} $R2 == "ok"
    StrCpy $R1 "$R0\${CLIEXE}"
    Call ${PREFIX}_OpenForWriting
  ${EndIf}
  ${If} $R2 == "ok"
    StrCpy $R0 ""
  ${Else}
    StrCpy $R0 $R1
  ${EndIf}
  Pop $R2
  Pop $R1
  Exch $R0
FunctionEnd

Function ${PREFIX}_OpenForWriting ; $R1 path -> $R2 "ok" or "locked"
  StrCpy $R2 "ok"
  ${If} ${FileExists} "$R1"
    ClearErrors
    FileOpen $R2 "$R1" a
    ${If} ${Errors}
      StrCpy $R2 "locked"
    ${Else}
      FileClose $R2
      StrCpy $R2 "ok"
    ${EndIf}
  ${EndIf}
FunctionEnd
!macroend
!insertmacro FUNC_LOCKED_EXE ""
!insertmacro FUNC_LOCKED_EXE "un."

; Waits (retry/cancel) until no Penyuluh executable in DIR is running. On
; cancel, and always in silent mode, stops with exit code 2 before anything
; has been changed.
!macro WAIT_NOT_RUNNING PREFIX DIR
  ${Do}
    Push "${DIR}"
    Call ${PREFIX}LockedExe
    Pop $R0
    ${If} $R0 == ""
      ${Break}
    ${EndIf}
    DetailPrint "Sedang dipakai: $R0"
    ${IfNot} ${Cmd} `MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(TxtRunning)" /SD IDCANCEL IDRETRY`
      SetErrorLevel 2
      Abort "Penyuluh sedang terbuka: tidak ada yang diubah."
    ${EndIf}
  ${Loop}
!macroend

; File with a retry/cancel question instead of NSIS's abort/retry/ignore (an
; ignored file would leave a half-updated program); silent: exit code 2.
!macro INSTALL_FILE NAME
  ${Do}
    ClearErrors
    File "${SRCDIR}\${NAME}"
    ${IfNot} ${Errors}
      ${Break}
    ${EndIf}
    StrCpy $0 "$OUTDIR\${NAME}"
    ${IfNot} ${Cmd} `MessageBox MB_RETRYCANCEL|MB_ICONSTOP "$(TxtWriteFailed)" /SD IDCANCEL IDRETRY`
      SetErrorLevel 2
      Abort "Gagal menulis $0"
    ${EndIf}
  ${Loop}
!macroend

; Files this installer may put in the program folder. The uninstaller and an
; upgrade that moves the folder delete those of them that the folder's
; install.log lists (without an install.log: what version 0.1.0 installed),
; never anything else, then remove the folder only if it is empty. A file
; dropped in a later version stays in this list so that upgrades clean it up.
!if /FileExists "${SRCDIR}\LICENSE.txt"
  !define SHIPS_LICENSE 1
!else
  !define SHIPS_LICENSE 0
!endif

; $R2 is a line of install.log, $R1 the mode, $R0 the folder: deletes the
; file when it is one of ours ("all"), or one of ours that this version does
; not install any more ("stale").
!macro _REMOVE_LISTED NAME SHIPPED
  ${If} $R2 == "${NAME}"
    !if ${SHIPPED} == 1
      ${If} $R1 == "all"
        Delete "$R0\${NAME}"
      ${EndIf}
    !else
      Delete "$R0\${NAME}"
    !endif
  ${EndIf}
!macroend

; Push DIR, Push MODE ("all" or "stale"), Call [un.]RemoveProgramFiles.
; "all": delete Penyuluh's files in DIR, install.log, then DIR when empty.
; "stale": delete only files an earlier install listed that this version
; no longer installs (before the new install.log is written).
!macro FUNC_REMOVE_PROGRAM_FILES PREFIX
Function ${PREFIX}RemoveProgramFiles
  Exch $R1
  Exch
  Exch $R0
  Push $R2
  Push $R3
  Push $R4
  ${If} ${FileExists} "$R0\${FILELIST}"
    ClearErrors
    FileOpen $R3 "$R0\${FILELIST}" r
    ${IfNot} ${Errors}
      ${Do}
        ClearErrors
        FileRead $R3 $R2
        ${If} ${Errors}
          ${Break}
        ${EndIf}
        ${Do}
          StrCpy $R4 $R2 1 -1
          ${If} $R4 == "$\r"
          ${OrIf} $R4 == "$\n"
            StrCpy $R2 $R2 -1
          ${Else}
            ${Break}
          ${EndIf}
        ${Loop}
        !insertmacro _REMOVE_LISTED "${APPEXE}" 1
        !insertmacro _REMOVE_LISTED "${CLIEXE}" 1
        !insertmacro _REMOVE_LISTED "penyuluh.ico" 1
        !insertmacro _REMOVE_LISTED "LICENSE.txt" ${SHIPS_LICENSE}
        !insertmacro _REMOVE_LISTED "${UNINSTEXE}" 1
      ${Loop}
      FileClose $R3
    ${EndIf}
    ${If} $R1 == "all"
      Delete "$R0\${FILELIST}"
    ${EndIf}
  ${ElseIf} $R1 == "all"
    ; installed by 0.1.0, which wrote no install.log
    Delete "$R0\${APPEXE}"
    Delete "$R0\${CLIEXE}"
    Delete "$R0\penyuluh.ico"
    Delete "$R0\${UNINSTEXE}"
  ${EndIf}
  ${If} $R1 == "all"
    RMDir "$R0"
  ${EndIf}
  Pop $R4
  Pop $R3
  Pop $R2
  Pop $R0
  Pop $R1
FunctionEnd
!macroend
!insertmacro FUNC_REMOVE_PROGRAM_FILES ""
!insertmacro FUNC_REMOVE_PROGRAM_FILES "un."

; Folder paths are compared as Windows sees them, not as strings: the same
; folder can be written with "..", a trailing dot, 8.3 short names, another
; case, or be reached through a junction or a SUBST drive.
!macro FUNC_PATHS PREFIX
; Push PATH, Call [un.]NormalizePath, Pop $R0: the full path (no "." or
; "..", no trailing dots or backslash) with the long names of the part of it
; that exists.
Function ${PREFIX}NormalizePath
  Exch $R0
  Push $R1
  Push $R2
  Push $R3
  System::Call 'kernel32::GetFullPathNameW(w R0, i ${NSIS_MAX_STRLEN}, w .R1, p 0) i .R2'
  ${If} $R2 > 0
  ${AndIf} $R2 < ${NSIS_MAX_STRLEN}
    StrCpy $R0 $R1
  ${EndIf}
  ${Do}
    StrLen $R2 $R0
    StrCpy $R1 $R0 1 -1
    ${If} $R2 > 3
    ${AndIf} $R1 == "\"
      StrCpy $R0 $R0 -1
    ${Else}
      ${Break}
    ${EndIf}
  ${Loop}
  StrCpy $R3 "" ; the part that does not exist (yet)
  ${Do}
    System::Call 'kernel32::GetLongPathNameW(w R0, w .R1, i ${NSIS_MAX_STRLEN}) i .R2'
    ${If} $R2 > 0
    ${AndIf} $R2 < ${NSIS_MAX_STRLEN}
      StrCpy $R0 "$R1$R3"
      ${Break}
    ${EndIf}
    ${GetParent} $R0 $R1
    ${If} $R1 == ""
      StrCpy $R0 "$R0$R3"
      ${Break}
    ${EndIf}
    StrLen $R2 $R1
    StrCpy $R2 $R0 "" $R2 ; "\name"
    StrCpy $R3 "$R2$R3"
    StrCpy $R0 $R1
  ${Loop}
  Pop $R3
  Pop $R2
  Pop $R1
  Exch $R0
FunctionEnd

; Push DIR, Call [un.]DirId, Pop $R0: "volume-index-index" of the existing
; folder DIR, "" when it cannot be opened or its file system has no ids.
Function ${PREFIX}DirId
  Exch $R0
  Push $R1
  Push $R2
  Push $R3
  Push $R4
  Push $R5
  ; FILE_READ_ATTRIBUTES, share all, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS
  System::Call 'kernel32::CreateFileW(w R0, i 0x80, i 7, p 0, i 3, i 0x02000000, p 0) p .R1'
  StrCpy $R0 ""
  ${If} $R1 P<> -1
  ${AndIf} $R1 P<> 0
    System::Alloc 52 ; BY_HANDLE_FILE_INFORMATION
    Pop $R2
    System::Call 'kernel32::GetFileInformationByHandle(p R1, p R2) i .R3'
    ${If} $R3 <> 0
      System::Call '*$R2(i, i, i, i, i, i, i, i .R3, i, i, i, i .R4, i .R5)'
      ${If} $R4 <> 0
      ${OrIf} $R5 <> 0
        StrCpy $R0 "$R3-$R4-$R5"
      ${EndIf}
    ${EndIf}
    System::Free $R2
    System::Call 'kernel32::CloseHandle(p R1)'
  ${EndIf}
  Pop $R5
  Pop $R4
  Pop $R3
  Pop $R2
  Pop $R1
  Exch $R0
FunctionEnd

; Push A, Push B, Call [un.]SameDir, Pop $R0: 1 when A and B are the same
; folder, else 0.
Function ${PREFIX}SameDir
  Exch $R1
  Exch
  Exch $R0
  Push $R2
  Push $R3
  Push $R0
  Call ${PREFIX}NormalizePath
  Pop $R2
  Push $R1
  Call ${PREFIX}NormalizePath
  Pop $R3
  ${If} $R2 == $R3
    StrCpy $R0 1
  ${Else}
    Push $R0
    Call ${PREFIX}DirId
    Pop $R2
    Push $R1
    Call ${PREFIX}DirId
    Pop $R3
    ${If} $R2 != ""
    ${AndIf} $R2 == $R3
      StrCpy $R0 1
    ${Else}
      StrCpy $R0 0
    ${EndIf}
  ${EndIf}
  Pop $R3
  Pop $R2
  Pop $R1
  Exch $R0
FunctionEnd
!macroend
!insertmacro FUNC_PATHS ""
!insertmacro FUNC_PATHS "un."

; Push DIR, Call InDataDir, Pop $R0: 1 when DIR is the data folder or a
; folder inside it, else 0.
Function InDataDir
  Exch $R0
  Push $R1
  Push $R2
  Push $R3
  Push $R4
  Push "${DATADIR}"
  Call NormalizePath
  Pop $R1
  Push $R1
  Call DirId
  Pop $R2
  Push $R0
  Call NormalizePath
  Pop $R0
  StrCpy $R3 0
  ${Do}
    ${If} $R0 == $R1
      StrCpy $R3 1
      ${Break}
    ${EndIf}
    ${If} $R2 != ""
      Push $R0
      Call DirId
      Pop $R4
      ${If} $R4 == $R2
        StrCpy $R3 1
        ${Break}
      ${EndIf}
    ${EndIf}
    ${GetParent} $R0 $R4
    ${If} $R4 == ""
    ${OrIf} $R4 == $R0
      ${Break}
    ${EndIf}
    StrCpy $R0 $R4
  ${Loop}
  StrCpy $R0 $R3
  Pop $R4
  Pop $R3
  Pop $R2
  Pop $R1
  Exch $R0
FunctionEnd

; Push DIR, Call IsForeignDir, Pop $R0: 1 when DIR holds files or folders but
; no Penyuluh.exe (another program's folder, a drive's root, ...).
Function IsForeignDir
  Exch $R0
  Push $R1
  ${DirState} "$R0" $R1
  ${If} $R1 == 1
  ${AndIfNot} ${FileExists} "$R0\${APPEXE}"
    StrCpy $R0 1
  ${Else}
    StrCpy $R0 0
  ${EndIf}
  Pop $R1
  Exch $R0
FunctionEnd

; Call CheckInstDir, Pop $R0: "" when $INSTDIR may be used, else why not:
; "datadir", "hasdata" or "foreign" (see the header). Normalizes $INSTDIR
; and appends "\Penyuluh" to a foreign folder; $ForeignDir is then that
; folder, else "".
Function CheckInstDir
  Push $R0
  Push $R1
  StrCpy $ForeignDir ""
  Push $INSTDIR
  Call NormalizePath
  Pop $INSTDIR
  StrCpy $R0 ""
  Push $INSTDIR
  Call IsForeignDir
  Pop $R1
  ${If} $R1 == 1
    StrCpy $ForeignDir $INSTDIR
    StrCpy $R1 $INSTDIR 1 -1
    ${If} $R1 == "\"
      StrCpy $INSTDIR "$INSTDIR${APPNAME}"
    ${Else}
      StrCpy $INSTDIR "$INSTDIR\${APPNAME}"
    ${EndIf}
    Push $INSTDIR
    Call NormalizePath
    Pop $INSTDIR
    Push $INSTDIR
    Call IsForeignDir
    Pop $R1
    ${If} $R1 == 1
      StrCpy $R0 "foreign"
    ${EndIf}
  ${EndIf}
  ${If} $R0 == ""
    Push $INSTDIR
    Call InDataDir
    Pop $R1
    ${If} $R1 == 1
      StrCpy $R0 "datadir"
    ${EndIf}
  ${EndIf}
  ${If} $R0 == ""
  ${AndIf} ${FileExists} "$INSTDIR\data\penyuluh.db"
    StrCpy $R1 0
    ${If} $OldDir != ""
      Push $INSTDIR
      Push $OldDir
      Call SameDir
      Pop $R1
    ${EndIf}
    ${If} $R1 != 1
      StrCpy $R0 "hasdata"
    ${EndIf}
  ${EndIf}
  Pop $R1
  Exch $R0
FunctionEnd

; Push DIR, Call IsOtherCopy, Pop $R0: 1 when DIR is a folder other than
; $INSTDIR, 0 when it is the same one or that cannot be told. Decides whether
; an old copy may be deleted, so it is checked on the disk itself: a marker
; file is written into $INSTDIR and looked for through DIR.
Function IsOtherCopy
  Exch $R0
  Push $R1
  Push $R2
  System::Call 'kernel32::GetCurrentProcessId() i .R1'
  System::Call 'kernel32::GetTickCount() i .R2'
  StrCpy $R1 "~penyuluh-setup-$R1-$R2.tmp"
  ClearErrors
  FileOpen $R2 "$INSTDIR\$R1" w
  ${If} ${Errors}
    StrCpy $R2 0
  ${Else}
    FileClose $R2
    ${If} ${FileExists} "$R0\$R1"
      StrCpy $R2 0
    ${Else}
      StrCpy $R2 1
    ${EndIf}
    Delete "$INSTDIR\$R1"
  ${EndIf}
  ${If} $R2 == 1
    Push $R0
    Push $INSTDIR
    Call SameDir
    Pop $R1
    ${If} $R1 == 1
      StrCpy $R2 0
    ${EndIf}
  ${EndIf}
  StrCpy $R0 $R2
  Pop $R2
  Pop $R1
  Exch $R0
FunctionEnd

; Push A, Push B, Call CompareVersions, Pop $R0: 0 same, 1 A is newer,
; 2 B is newer. x.y.z compare as numbers; with equal numbers, a release is
; newer than a pre-release (0.2.0 > 0.2.0-rc1); two pre-releases count as
; the same.
Function CompareVersions
  Exch $R1
  Exch
  Exch $R0
  Push $R2
  Push $R3
  Push $R4
  ${WordFind} "$R0" "-" "+1{" $R2 ; without the -suffix (all of it if none)
  ${WordFind} "$R1" "-" "+1{" $R3
  ${VersionCompare} "$R2" "$R3" $R4
  ${If} $R4 == 0
    ${If} $R0 == $R2
    ${AndIf} $R1 != $R3
      StrCpy $R4 1
    ${ElseIf} $R0 != $R2
    ${AndIf} $R1 == $R3
      StrCpy $R4 2
    ${EndIf}
  ${EndIf}
  StrCpy $R0 $R4
  Pop $R4
  Pop $R3
  Pop $R2
  Pop $R1
  Exch $R0
FunctionEnd

; ---------------------------------------------------------------- installer
Section "Program Penyuluh (wajib)" SecMain
  SectionIn RO
  SetShellVarContext current

  ; (again: /D= in silent mode, and the folder may have changed since the
  ; folder page)
  Call CheckInstDir
  Pop $0
  ${If} $0 == "datadir"
    MessageBox MB_OK|MB_ICONEXCLAMATION "$(TxtDirIsData)" /SD IDOK
    SetErrorLevel 2
    Abort "Folder data tidak boleh dipakai untuk program."
  ${ElseIf} $0 == "hasdata"
    MessageBox MB_OK|MB_ICONEXCLAMATION "$(TxtDirHasData)" /SD IDOK
    SetErrorLevel 2
    Abort "Folder yang berisi data Penyuluh (data\penyuluh.db) tidak boleh dipakai untuk program."
  ${ElseIf} $0 == "foreign"
    MessageBox MB_OK|MB_ICONEXCLAMATION "$(TxtDirForeign)" /SD IDOK
    SetErrorLevel 2
    Abort "Folder yang berisi berkas lain tidak boleh dipakai untuk program."
  ${EndIf}

  ; Nothing is changed before this point.
  !insertmacro WAIT_NOT_RUNNING "" "$INSTDIR"
  ${If} $OldDir != ""
    !insertmacro WAIT_NOT_RUNNING "" "$OldDir"
  ${EndIf}

  SetOutPath "$INSTDIR"
  ; now that it exists: its long name, as it will be registered
  Push $INSTDIR
  Call NormalizePath
  Pop $INSTDIR
  ; An installed Penyuluh is never portable (the portable zip unpacked over
  ; the program folder brings this file).
  Delete "$INSTDIR\portable"
  SetOverwrite try
  !insertmacro INSTALL_FILE "${APPEXE}"
  !insertmacro INSTALL_FILE "${CLIEXE}"
  !insertmacro INSTALL_FILE "penyuluh.ico"
  !if ${SHIPS_LICENSE} == 1
    !insertmacro INSTALL_FILE "LICENSE.txt"
  !endif
  SetOverwrite on
  WriteUninstaller "$INSTDIR\${UNINSTEXE}"

  ; the list of our files for the uninstaller, after removing those an
  ; earlier version listed that this one no longer installs
  Push $INSTDIR
  Push "stale"
  Call RemoveProgramFiles
  ClearErrors
  FileOpen $0 "$INSTDIR\${FILELIST}" w
  ${IfNot} ${Errors}
    FileWrite $0 "; Penyuluh ${VERSION}: berkas yang dipasang di folder ini. Uninstall.exe hanya menghapus berkas yang tercantum di sini.$\r$\n"
    FileWrite $0 "${APPEXE}$\r$\n"
    FileWrite $0 "${CLIEXE}$\r$\n"
    FileWrite $0 "penyuluh.ico$\r$\n"
    !if ${SHIPS_LICENSE} == 1
      FileWrite $0 "LICENSE.txt$\r$\n"
    !endif
    FileWrite $0 "${UNINSTEXE}$\r$\n"
    FileClose $0
  ${EndIf}

  ; /D= moved a registered install: remove the old copy's program files,
  ; unless the "old" folder is this one spelled differently
  ${If} $OldDir != ""
    Push $OldDir
    Call IsOtherCopy
    Pop $0
    ${If} $0 == 1
      DetailPrint "Menghapus versi lama di $OldDir"
      Push $OldDir
      Push "all"
      Call RemoveProgramFiles
    ${EndIf}
  ${EndIf}

  CreateShortcut "$SMPROGRAMS\${APPNAME}.lnk" "$INSTDIR\${APPEXE}" "" "$INSTDIR\penyuluh.ico" 0 SW_SHOWNORMAL "" "Sosialisasi pencegahan TPPO dan migrasi aman"

  WriteRegStr HKCU "${REGKEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${REGKEY}" "Version" "${VERSION}"

  WriteRegStr HKCU "${UNINSTKEY}" "DisplayName" "${APPNAME}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTKEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\penyuluh.ico"
  WriteRegStr HKCU "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "UninstallString" '"$INSTDIR\${UNINSTEXE}"'
  WriteRegStr HKCU "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\${UNINSTEXE}" /S'
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K /G=0" $0 $1 $2
  WriteRegDWORD HKCU "${UNINSTKEY}" "EstimatedSize" $0
SectionEnd

Section "Pintasan di desktop" SecDesktop
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  CreateShortcut "$DESKTOP\${APPNAME}.lnk" "$INSTDIR\${APPEXE}" "" "$INSTDIR\penyuluh.ico" 0 SW_SHOWNORMAL "" "Sosialisasi pencegahan TPPO dan migrasi aman"
SectionEnd

Section "-Remember choices"
  SetShellVarContext current
  ${If} ${SectionIsSelected} ${SecDesktop}
    WriteRegDWORD HKCU "${REGKEY}" "DesktopShortcut" 1
    StrCpy $FinishText "$(TxtFinishDesktop)"
  ${Else}
    StrCpy $FinishText "$(TxtFinishNoDesktop)"
    WriteRegDWORD HKCU "${REGKEY}" "DesktopShortcut" 0
    Delete "$DESKTOP\${APPNAME}.lnk"
  ${EndIf}
SectionEnd

; Functions after the sections: .onInit uses ${SecDesktop}.
Function .onInit
  SetShellVarContext current

  ; one installer at a time
  System::Call 'kernel32::CreateMutexW(p 0, i 0, w "PenyuluhSetupMutex") p .r0 ?e'
  Pop $1
  ${If} $1 == 183 ; ERROR_ALREADY_EXISTS
    MessageBox MB_OK|MB_ICONEXCLAMATION "$(TxtAlreadyRunning)" /SD IDOK
    SetErrorLevel 2
    Abort
  ${EndIf}

  ${GetParameters} $1

  ReadRegStr $OldDir HKCU "${REGKEY}" "InstallDir"
  ReadRegStr $OldVersion HKCU "${UNINSTKEY}" "DisplayVersion"
  ${If} $OldDir == ""
  ${OrIfNot} ${FileExists} "$OldDir\${APPEXE}"
    StrCpy $OldDir ""
  ${Else}
    Push $OldDir
    Call NormalizePath
    Pop $OldDir
  ${EndIf}
  Push $INSTDIR
  Call NormalizePath
  Pop $INSTDIR

  ; A downgrade: the older program cannot open data the newer one wrote.
  StrCpy $2 2
  ${If} $OldVersion != ""
    Push $OldVersion
    Push "${VERSION}"
    Call CompareVersions
    Pop $2
  ${EndIf}
  ${If} $2 == 1
    ClearErrors
    ${GetOptions} $1 "/ALLOWDOWNGRADE" $3
    ${If} ${Errors}
      ${If} ${Silent}
        SetErrorLevel 2
        Abort
      ${EndIf}
      ${IfNot} ${Cmd} `MessageBox MB_YESNO|MB_ICONEXCLAMATION|MB_DEFBUTTON2 "$(TxtDowngrade)" IDYES`
        SetErrorLevel 1
        Abort
      ${EndIf}
    ${EndIf}
  ${EndIf}

  ${If} $OldDir == ""
  ${OrIf} $OldVersion == ""
    StrCpy $WelcomeText "$(TxtWelcomeNew)"
  ${ElseIf} $2 == 1
    StrCpy $WelcomeText "$(TxtWelcomeDowngrade)"
  ${ElseIf} $2 == 0
    StrCpy $WelcomeText "$(TxtWelcomeReinstall)"
  ${Else}
    StrCpy $WelcomeText "$(TxtWelcomeUpgrade)"
  ${EndIf}

  ; desktop shortcut: /NODESKTOP, else the remembered choice, else yes
  ReadRegDWORD $0 HKCU "${REGKEY}" "DesktopShortcut"
  ClearErrors
  ${GetOptions} $1 "/NODESKTOP" $2
  ${IfNot} ${Errors}
  ${OrIf} $0 == "0"
    !insertmacro UnselectSection ${SecDesktop}
  ${EndIf}
FunctionEnd

Function DirPre
  ; an upgrade stays where it is (files are replaced in the same folder)
  ${If} $OldDir != ""
    Abort
  ${EndIf}
FunctionEnd

Function DirLeave
  Push $0
  Push $1
  StrCpy $1 $INSTDIR
  Call CheckInstDir
  Pop $0
  ${If} $0 == "datadir"
    MessageBox MB_OK|MB_ICONEXCLAMATION "$(TxtDirIsData)"
  ${ElseIf} $0 == "hasdata"
    MessageBox MB_OK|MB_ICONEXCLAMATION "$(TxtDirHasData)"
  ${ElseIf} $0 == "foreign"
    MessageBox MB_OK|MB_ICONEXCLAMATION "$(TxtDirForeign)"
  ${ElseIf} $ForeignDir != ""
  ${AndIfNot} ${Cmd} `MessageBox MB_YESNO|MB_ICONQUESTION "$(TxtDirAppend)" IDYES`
    StrCpy $0 "cancel"
  ${EndIf}
  ${If} $0 != ""
    StrCpy $INSTDIR $1 ; stay on the page, showing what the person typed
    Pop $1
    Pop $0
    Abort
  ${EndIf}
  Pop $1
  Pop $0
FunctionEnd


; ---------------------------------------------------------------- uninstaller
Function un.onInit
  SetShellVarContext current
  StrCpy $DataDir "${DATADIR}"
  StrCpy $DeleteData 0
  ; /DELETEDATA (IT staff): with /S delete the data folder too; without /S
  ; the box starts ticked
  ${un.GetParameters} $0
  ClearErrors
  ${un.GetOptions} $0 "/DELETEDATA" $1
  ${IfNot} ${Errors}
    StrCpy $DeleteData 1
  ${EndIf}
FunctionEnd

Function un.DataPageCreate
  !insertmacro MUI_HEADER_TEXT "$(UnTxtTitle)" "$(UnTxtSubtitle)"
  nsDialogs::Create 1018
  Pop $0
  ${If} $0 == error
    Abort
  ${EndIf}

  ${NSD_CreateLabel} 0 0 100% 20u "$(UnTxtProgram)"
  Pop $0

  StrCpy $DataCheckbox ""
  ${If} ${FileExists} "$DataDir\*.*"
    ${NSD_CreateLabel} 0 30u 100% 28u "$(UnTxtDataIntro)"
    Pop $0
    ${NSD_CreateCheckbox} 0 66u 100% 40u "$(UnTxtDeleteData)"
    Pop $DataCheckbox
    ${If} $DeleteData == 1
      ${NSD_Check} $DataCheckbox
    ${EndIf}
  ${Else}
    ${NSD_CreateLabel} 0 30u 100% 20u "$(UnTxtNoData)"
    Pop $0
  ${EndIf}

  GetDlgItem $0 $HWNDPARENT 1
  SendMessage $0 ${WM_SETTEXT} 0 "STR:$(^UninstallBtn)"
  nsDialogs::Show
FunctionEnd

Function un.DataPageLeave
  StrCpy $DeleteData 0
  ${If} $DataCheckbox != ""
    ${NSD_GetState} $DataCheckbox $0
    ${If} $0 == ${BST_CHECKED}
      MessageBox MB_YESNO|MB_ICONEXCLAMATION|MB_DEFBUTTON2 "$(UnTxtConfirm)" IDYES +2
      Abort
      StrCpy $DeleteData 1
    ${EndIf}
  ${EndIf}
FunctionEnd

Section "Uninstall"
  SetShellVarContext current

  !insertmacro WAIT_NOT_RUNNING "un." "$INSTDIR"

  ; (before the program folder may be gone) is it the data folder?
  StrCpy $1 1
  ${If} $DeleteData == 1
    Push $DataDir
    Push $INSTDIR
    Call un.SameDir
    Pop $1
  ${EndIf}

  Delete "$SMPROGRAMS\${APPNAME}.lnk"
  Delete "$DESKTOP\${APPNAME}.lnk"
  Push $INSTDIR
  Push "all"
  Call un.RemoveProgramFiles

  DeleteRegKey HKCU "${UNINSTKEY}"
  DeleteRegKey HKCU "${REGKEY}"

  StrCpy $UnFinishText "$(UnTxtFinishKept)"
  ; Only with the box ticked (in silent mode: only with /DELETEDATA), and
  ; only this exact folder: never an empty LOCALAPPDATA ("\Penyuluh"), never
  ; the program folder.
  ${If} $DeleteData == 1
  ${AndIf} $LOCALAPPDATA != ""
  ${AndIf} $DataDir == "$LOCALAPPDATA\Penyuluh"
  ${AndIf} $1 == 0
    DetailPrint "Menghapus data: $DataDir"
    RMDir /r "$DataDir"
    ${If} ${FileExists} "$DataDir\*.*"
      StrCpy $UnFinishText "$(UnTxtFinishDataLeft)"
    ${Else}
      StrCpy $UnFinishText "$(UnTxtFinishDeleted)"
    ${EndIf}
  ${EndIf}
SectionEnd
