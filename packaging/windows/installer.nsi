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
;                     removed once the new ones are in place.
;   /NODESKTOP        no desktop shortcut (also removes one left by an earlier
;                     install); without it the remembered choice is used, on
;                     a first install: yes
; Exit codes: 0 ok, 1 cancelled by the user, 2 not installed (Penyuluh is
; running, a file could not be written, the folder is not allowed, or another
; installer is running). Nothing is changed when the exit code is 2 because
; Penyuluh was running.
;
; Uninstaller (Uninstall.exe in the program folder, also in Apps & features):
; asks whether to delete the data folder %LOCALAPPDATA%\Penyuluh too (default
; no). /S never deletes the data. Exit code 2 when Penyuluh is running.
;
; The data folder %LOCALAPPDATA%\Penyuluh (database, reports, backups) is
; never written by the installer and is only deleted by the uninstaller when
; the person ticks the box. The program folder is
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

; Files this installer puts in the program folder. The uninstaller and an
; upgrade that moves the folder delete exactly these, never the folder's
; other contents, then remove the folder only if it is empty. A file dropped
; in a later version stays in this list so that upgrades clean it up.
!macro REMOVE_PROGRAM_FILES DIR
  Delete "${DIR}\${APPEXE}"
  Delete "${DIR}\${CLIEXE}"
  Delete "${DIR}\penyuluh.ico"
  Delete "${DIR}\LICENSE.txt"
  Delete "${DIR}\${UNINSTEXE}"
  RMDir "${DIR}"
!macroend

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

; Sets the error flag when $INSTDIR is the data folder or inside it.
Function CheckNotDataDir
  Push $0
  Push $1
  StrCpy $0 "${DATADIR}"
  StrLen $1 "$0\"
  StrCpy $1 "$INSTDIR\" $1
  ClearErrors
  ${If} "$INSTDIR" == "$0"
  ${OrIf} $1 == "$0\"
    SetErrors
  ${EndIf}
  Pop $1
  Pop $0
FunctionEnd

; ---------------------------------------------------------------- installer
Section "Program Penyuluh (wajib)" SecMain
  SectionIn RO
  SetShellVarContext current

  Call CheckNotDataDir
  ${If} ${Errors}
    MessageBox MB_OK|MB_ICONEXCLAMATION "$(TxtDirIsData)" /SD IDOK
    SetErrorLevel 2
    Abort "Folder data tidak boleh dipakai untuk program."
  ${EndIf}

  ; Nothing is changed before this point.
  !insertmacro WAIT_NOT_RUNNING "" "$INSTDIR"
  ${If} $OldDir != ""
  ${AndIf} $OldDir != $INSTDIR
    !insertmacro WAIT_NOT_RUNNING "" "$OldDir"
  ${EndIf}

  SetOutPath "$INSTDIR"
  SetOverwrite try
  !insertmacro INSTALL_FILE "${APPEXE}"
  !insertmacro INSTALL_FILE "${CLIEXE}"
  !insertmacro INSTALL_FILE "penyuluh.ico"
  !if /FileExists "${SRCDIR}\LICENSE.txt"
    !insertmacro INSTALL_FILE "LICENSE.txt"
  !endif
  SetOverwrite on
  WriteUninstaller "$INSTDIR\${UNINSTEXE}"

  ; /D= moved a registered install: remove the old copy's program files
  ${If} $OldDir != ""
  ${AndIf} $OldDir != $INSTDIR
    DetailPrint "Menghapus versi lama di $OldDir"
    !insertmacro REMOVE_PROGRAM_FILES "$OldDir"
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

  ReadRegStr $OldDir HKCU "${REGKEY}" "InstallDir"
  ReadRegStr $OldVersion HKCU "${UNINSTKEY}" "DisplayVersion"
  ${IfNot} ${FileExists} "$OldDir\${APPEXE}"
    StrCpy $OldDir ""
  ${EndIf}
  ${If} $OldDir != ""
  ${AndIf} $OldVersion == "${VERSION}"
    StrCpy $WelcomeText "$(TxtWelcomeReinstall)"
  ${ElseIf} $OldDir != ""
  ${AndIf} $OldVersion != ""
    StrCpy $WelcomeText "$(TxtWelcomeUpgrade)"
  ${Else}
    StrCpy $WelcomeText "$(TxtWelcomeNew)"
  ${EndIf}

  ; desktop shortcut: /NODESKTOP, else the remembered choice, else yes
  ReadRegDWORD $0 HKCU "${REGKEY}" "DesktopShortcut"
  ${GetParameters} $1
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
  Call CheckNotDataDir
  ${If} ${Errors}
    MessageBox MB_OK|MB_ICONEXCLAMATION "$(TxtDirIsData)"
    Abort
  ${EndIf}
FunctionEnd


; ---------------------------------------------------------------- uninstaller
Function un.onInit
  SetShellVarContext current
  StrCpy $DataDir "${DATADIR}"
  StrCpy $DeleteData 0
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

  Delete "$SMPROGRAMS\${APPNAME}.lnk"
  Delete "$DESKTOP\${APPNAME}.lnk"
  !insertmacro REMOVE_PROGRAM_FILES "$INSTDIR"

  DeleteRegKey HKCU "${UNINSTKEY}"
  DeleteRegKey HKCU "${REGKEY}"

  StrCpy $UnFinishText "$(UnTxtFinishKept)"
  ; Only with the box ticked (never in silent mode), and only this exact
  ; folder: never an empty LOCALAPPDATA ("\Penyuluh"), never the program
  ; folder.
  ${If} $DeleteData == 1
  ${AndIf} $LOCALAPPDATA != ""
  ${AndIf} $DataDir == "$LOCALAPPDATA\Penyuluh"
  ${AndIf} $DataDir != $INSTDIR
    DetailPrint "Menghapus data: $DataDir"
    RMDir /r "$DataDir"
    ${If} ${FileExists} "$DataDir\*.*"
      StrCpy $UnFinishText "$(UnTxtFinishDataLeft)"
    ${Else}
      StrCpy $UnFinishText "$(UnTxtFinishDeleted)"
    ${EndIf}
  ${EndIf}
SectionEnd
