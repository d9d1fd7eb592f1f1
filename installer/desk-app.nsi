; 窗口工作周报 — the Windows installer (NSIS 3, Unicode, 64-bit) around the PyInstaller folder.
;
;     makensis -DVERSION=0.1.0 -DBUNDLE=..\dist\desk-app -DOUTFILE=..\dist\desk-app-0.1.0-setup.exe installer\desk-app.nsi
;
; (relative paths are from installer\: makensis works in the folder of the script)
;
; scripts/windows-build.sh passes VERSION from desk_app/__init__.py. This file is UTF-8 with a BOM,
; so that makensis reads the Chinese right whatever the build machine's code page.
;
; Per user, without administrator rights: %LOCALAPPDATA%\Programs\窗口工作周报\ (where Windows puts
; per-user programs), shortcuts in the user's Start menu and on the desktop, the uninstaller
; registered under HKCU. Installing again over an installed version replaces its files in the same
; folder (the folder is remembered in the registry). The clerk's data, %LOCALAPPDATA%\window-weekly\
; (the database, backups, settings, logs), is never touched by install, upgrade or uninstall.
; Silent: setup.exe /S [/D=folder]; uninstall.exe /S. Exit code 2: not installed (program running,
; Windows too old).

Unicode true
Target amd64-unicode
RequestExecutionLevel user
ManifestDPIAware true
SetCompressor /SOLID lzma

!ifndef VERSION
  !error "pass -DVERSION=x.y.z (desk_app.__version__)"
!endif
!ifndef BUNDLE
  !error "pass -DBUNDLE=the folder PyInstaller made (dist\desk-app)"
!endif
!ifndef OUTFILE
  !define OUTFILE "desk-app-${VERSION}-setup.exe"
!endif
!ifndef ICON
  !define ICON "../resources/desk-app.ico"  ; makensis works in the folder of this file
!endif

!define PRODUCT "窗口工作周报"
!define COMPANY "四川省政府政务服务和公共资源交易服务中心"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\desk-app"
!define DATA_FOLDER "%LOCALAPPDATA%\window-weekly"

; x.y.z → x.y.z.0 for the version resource.
!searchparse /noerrors "${VERSION}" "" V_MAJOR "." V_MINOR "." V_PATCH
!ifndef V_MINOR
  !define V_MINOR 0
!endif
!ifndef V_PATCH
  !define V_PATCH 0
!endif

!include MUI2.nsh
!include LogicLib.nsh
!include FileFunc.nsh
!include WinVer.nsh

Name "${PRODUCT}"
Caption "${PRODUCT} ${VERSION} 安装"
UninstallCaption "${PRODUCT} 卸载"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${PRODUCT}"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "${COMPANY}"

VIProductVersion "${V_MAJOR}.${V_MINOR}.${V_PATCH}.0"
VIFileVersion "${V_MAJOR}.${V_MINOR}.${V_PATCH}.0"
VIAddVersionKey /LANG=2052 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=2052 "CompanyName" "${COMPANY}"
VIAddVersionKey /LANG=2052 "FileDescription" "${PRODUCT} 安装程序"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "© ${COMPANY}"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_WELCOMEPAGE_TEXT "将为当前用户安装“${PRODUCT}”${VERSION}，不需要管理员权限。$\r$\n$\r$\n已安装旧版本时，在原位置升级；已录入的周报数据、备份和设置都保留不变。$\r$\n$\r$\n请先关闭正在运行的“${PRODUCT}”，再点“下一步”。"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\desk-app.exe"
!define MUI_FINISHPAGE_RUN_TEXT "现在启动“${PRODUCT}”"
!insertmacro MUI_PAGE_FINISH

!define MUI_UNCONFIRMPAGE_TEXT_TOP "将从本机卸载“${PRODUCT}”程序。$\r$\n$\r$\n周报数据、备份和设置（${DATA_FOLDER}）不会删除，重新安装后可继续使用。"
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "SimpChinese"

; Windows refuses to open a running program's .exe for writing: that is how a running copy is
; seen (it could be neither replaced nor removed). Sets $R9 to the name of a running .exe, or "".
!macro FIND_RUNNING UN
Function ${UN}FindRunning
  StrCpy $R9 ""
  ${If} ${FileExists} "$INSTDIR\desk-app.exe"
    ClearErrors
    FileOpen $R8 "$INSTDIR\desk-app.exe" a
    ${If} ${Errors}
      StrCpy $R9 "desk-app.exe"
    ${Else}
      FileClose $R8
    ${EndIf}
  ${EndIf}
  ${If} $R9 == ""
  ${AndIf} ${FileExists} "$INSTDIR\desk-app-cli.exe"
    ClearErrors
    FileOpen $R8 "$INSTDIR\desk-app-cli.exe" a
    ${If} ${Errors}
      StrCpy $R9 "desk-app-cli.exe"
    ${Else}
      FileClose $R8
    ${EndIf}
  ${EndIf}
FunctionEnd

; Asks until the program is closed; in silent mode (or on 取消) gives up with exit code 2.
Function ${UN}WaitUntilClosed
  ${Do}
    Call ${UN}FindRunning
    ${If} $R9 == ""
      Return
    ${EndIf}
    DetailPrint "“${PRODUCT}”正在运行（$R9）"
    MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "“${PRODUCT}”正在运行。$\r$\n$\r$\n请先在程序中保存并关闭它（包括所有窗口），然后点“重试”。" /SD IDCANCEL IDRETRY again
    SetErrorLevel 2
    Abort "“${PRODUCT}”正在运行，未作改动。请关闭程序后再试。"
    again:
  ${Loop}
FunctionEnd
!macroend
!insertmacro FIND_RUNNING ""
!insertmacro FIND_RUNNING "un."

; The program's own files, and nothing else of the folder: a folder chosen by mistake (Documents,
; D:\) loses nothing but what was installed into it.
!macro REMOVE_PROGRAM_FILES
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\desk-app.exe"
  Delete "$INSTDIR\desk-app-cli.exe"
!macroend

Function .onInit
  ; Qt 6.11 and Python 3.12 need Windows 10 or later (64-bit).
  ${IfNot} ${AtLeastWin10}
    MessageBox MB_OK|MB_ICONSTOP "“${PRODUCT}”需要 Windows 10 或更高版本（64 位）。" /SD IDOK
    SetErrorLevel 2
    Quit
  ${EndIf}
FunctionEnd

Section "${PRODUCT}" SecProgram
  SectionIn RO
  Call WaitUntilClosed
  SetOutPath "$INSTDIR"
  ; Upgrade in place: what the old version installed goes first, so no stale library is left beside the new ones.
  !insertmacro REMOVE_PROGRAM_FILES
  File /r "${BUNDLE}/*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\desk-app.exe" "" "$INSTDIR\desk-app.exe" 0 SW_SHOWNORMAL "" "${PRODUCT}"
  CreateShortcut "$DESKTOP\${PRODUCT}.lnk" "$INSTDIR\desk-app.exe" "" "$INSTDIR\desk-app.exe" 0 SW_SHOWNORMAL "" "${PRODUCT}"

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${COMPANY}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\desk-app.exe,0"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" $0
SectionEnd

Section "Uninstall"
  Call un.WaitUntilClosed
  !insertmacro REMOVE_PROGRAM_FILES
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"  ; only when empty: whatever else was put there stays
  Delete "$SMPROGRAMS\${PRODUCT}.lnk"
  Delete "$DESKTOP\${PRODUCT}.lnk"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  ; %LOCALAPPDATA%\window-weekly\ is the clerk's data: deliberately left in place.
SectionEnd
