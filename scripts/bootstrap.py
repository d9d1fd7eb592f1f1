#!/usr/bin/env python3
"""Set up everything on a fresh machine, then start the program or run the tests.

    python3 scripts/bootstrap.py run  [PROGRAM ARGS…]   start the application (default local database)
    python3 scripts/bootstrap.py test [PYTEST ARGS…]    run the whole test suite

On Windows: ``py -3 scripts\\bootstrap.py run`` / ``py -3 scripts\\bootstrap.py test``.

What it does, each step only when needed so that a second run is quick:

* creates ``.venv`` in the repository and installs the project into it (editable, with
  the extras the command needs, at the versions pinned in ``scripts/constraints.txt``)
  when pyproject.toml or the constraints changed since the last install;
* on Debian/Ubuntu as root (or through sudo when run from a terminal) installs the
  system packages Qt needs and a Chinese font; for ``test`` also LibreOffice, poppler,
  the fonts the rendering tests use, PostgreSQL, binutils (PyInstaller) and nsis (makensis);
* ``test`` starts a throwaway PostgreSQL server on a private port for the duration of
  the run (``DESK_APP_TEST_POSTGRES_URL``) and always removes it afterwards.

Standard library only: it runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
STAMP = VENV / "desk-app-bootstrap.json"
CONSTRAINTS = ROOT / "scripts" / "constraints.txt"  # the exact versions tested and bundled
WINDOWS = os.name == "nt"
POSTGRES_URL_ENV = "DESK_APP_TEST_POSTGRES_URL"
MIN_PYTHON = (3, 11)

# Debian package names. A tuple is a choice: any one installed will do, the first is installed.
QT_OFFSCREEN = ["libgl1", "libegl1", "libfontconfig1", "libxkbcommon0", "libglib2.0-0", "libdbus-1-3", "fontconfig"]
QT_DISPLAY = [
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-xkb1",
    "libxkbcommon-x11-0",
]
CJK_FONT = ("fonts-wqy-microhei", "fonts-noto-cjk")
RUN_PACKAGES: list[str | tuple[str, ...]] = [*QT_OFFSCREEN, *QT_DISPLAY, CJK_FONT]
TEST_PACKAGES: list[str | tuple[str, ...]] = [
    *QT_OFFSCREEN,
    # The full LibreOffice Writer does as well; never replace a user's with the headless one.
    ("libreoffice-writer-nogui", "libreoffice-writer"),
    "poppler-utils",
    "fonts-noto-cjk",
    "fonts-arphic-ukai",
    "fonts-liberation",  # Times New Roman's metrics (Liberation Serif), so rendered line breaks match Word's
    "binutils",  # PyInstaller: objdump, objcopy, strip
    "nsis",  # makensis: tests/test_installer.py builds the Windows installer (installer/desk-app.nsi)
]
POSTGRES_PACKAGE = "postgresql"
# Free stand-ins for 仿宋/楷体/黑体/宋体, shipped only inside texlive-lang-chinese. The Bold files
# claim regular weight and would be picked instead of the Regular ones: leave them out.
FANDOL_PACKAGE = "texlive-lang-chinese"
FANDOL_FILE = re.compile(r"/fandol/(Fandol(?:Fang|Hei|Kai|Song)-Regular\.otf)$")
FANDOL_NAMES = {f"Fandol{n}-Regular.otf" for n in ("Fang", "Hei", "Kai", "Song")}


def say(message: str) -> None:
    print(f"[bootstrap] {message}", flush=True)


class SetupError(Exception):
    """Set-up cannot go on; the message says what to do."""


@contextmanager
def step(name: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        say(f"{name}: {time.perf_counter() - started:.1f} s")


def run(command: Sequence[str | Path], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in command], **kwargs)


def is_root() -> bool:
    return not WINDOWS and os.geteuid() == 0


# --- system packages (Debian/Ubuntu) ---------------------------------------------------


class Apt:
    """Installs what is missing, running ``apt-get update`` at most once."""

    def __init__(self) -> None:
        self.updated = False
        self.prefix: list[str] | None = None  # [] as root, ["sudo"] from a terminal, None: cannot

    @staticmethod
    def available() -> bool:
        return (
            sys.platform.startswith("linux")
            and Path("/etc/debian_version").exists()
            and shutil.which("apt-get") is not None
            and shutil.which("dpkg-query") is not None
        )

    def can_install(self) -> bool:
        if self.prefix is None:
            if is_root():
                self.prefix = []
            elif shutil.which("sudo") and sys.stdin.isatty():
                self.prefix = ["sudo"]
        return self.prefix is not None

    @staticmethod
    def installed() -> set[str]:
        """Names of installed packages, and of what they provide (Ubuntu's t64 renames)."""
        out = run(
            ["dpkg-query", "-W", "-f=${db:Status-Abbrev}|${Package}|${Provides}\n"],
            capture_output=True,
            text=True,
            encoding="utf-8",
        ).stdout
        names = set()
        for line in out.splitlines():
            status, _, rest = line.partition("|")
            if not status.startswith("ii"):
                continue
            package, _, provides = rest.partition("|")
            names.add(package)
            names.update(p.split("(")[0].strip() for p in provides.split(",") if p.strip())
        return names

    def missing(self, wanted: Sequence[str | tuple[str, ...]]) -> list[str]:
        have = self.installed()
        missing = []
        for item in wanted:
            choices = item if isinstance(item, tuple) else (item,)
            if not any(c in have for c in choices):
                missing.append(choices[0])
        return missing

    def _apt(self, *args: str) -> None:
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        command = [*(self.prefix or []), "apt-get", "-q", "-o", "DPkg::Lock::Timeout=300", *args]
        result = run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace")
        if result.returncode != 0:
            print(result.stdout[-6000:], file=sys.stderr)
            raise SetupError(f"'{' '.join(command)}' failed (exit code {result.returncode})")

    def update(self) -> None:
        if not self.updated:
            with step("apt-get update"):
                self._apt("update")
            self.updated = True

    def install(self, packages: Sequence[str]) -> None:
        self.update()
        with step(f"apt-get install {' '.join(packages)}"), self._no_service_start():
            try:
                # --no-remove: never take away something the user has to make room for ours.
                self._apt("install", "-y", "--no-install-recommends", "--no-remove", *packages)
            except SetupError as exc:
                # apt also (re)configures packages left half-installed by an earlier failure;
                # what matters here is whether ours are installed now.
                if self.missing(packages):
                    raise
                say(f"warning: {exc}, but {' '.join(packages)} are installed: going on")

    @contextmanager
    def _no_service_start(self) -> Iterator[None]:
        """In a container or chroot (no systemd) a package's service (postgresql's default
        cluster) would be started and outlive us: forbid it for the install, as Docker does."""
        policy = Path("/usr/sbin/policy-rc.d")
        if not is_root() or Path("/run/systemd/system").exists() or policy.exists():
            yield
            return
        policy.write_text(
            "#!/bin/sh\n# desk-app bootstrap: no service starts while installing\nexit 101\n", encoding="utf-8"
        )
        policy.chmod(0o755)
        try:
            yield
        finally:
            policy.unlink(missing_ok=True)

    def ensure(self, wanted: Sequence[str | tuple[str, ...]]) -> bool:
        """Install what is missing; False (with a message) when it cannot."""
        missing = self.missing(wanted)
        if not missing:
            return True
        if not self.can_install():
            say(
                "missing system packages (run as root, or from a terminal with sudo, to install them): "
                f"sudo apt-get install --no-install-recommends {' '.join(missing)}"
            )
            return False
        self.install(missing)
        return True


def font_dirs() -> list[Path]:
    return [Path("/usr/local/share/fonts/fandol"), Path.home() / ".local/share/fonts/fandol"]


def fandol_installed() -> bool:
    if any(all((d / n).is_file() for n in FANDOL_NAMES) for d in font_dirs()):
        return True
    if shutil.which("fc-list"):
        out = run(["fc-list", ":family=FandolFang", "family"], capture_output=True, text=True, encoding="utf-8")
        return "FandolFang" in out.stdout
    return False


def install_fandol(apt: Apt) -> None:
    """Take the four Regular Fandol fonts out of texlive-lang-chinese (not the whole of TeX)."""
    target = font_dirs()[0] if is_root() else font_dirs()[1]
    if apt.can_install():
        apt.update()
    with step(f"Fandol fonts into {target}"), tempfile.TemporaryDirectory(prefix="desk-app-fandol-") as temp:
        os.chmod(temp, 0o755)  # apt-get download drops to the _apt user where it can
        result = run(["apt-get", "download", "-q", FANDOL_PACKAGE], cwd=temp, capture_output=True, text=True)
        debs = list(Path(temp).glob(f"{FANDOL_PACKAGE}_*.deb"))
        if result.returncode != 0 or not debs:
            print(result.stdout + result.stderr, file=sys.stderr)
            raise SetupError(f"could not download {FANDOL_PACKAGE} for the Fandol fonts")
        target.mkdir(parents=True, exist_ok=True)
        found = set()
        dpkg = subprocess.Popen(["dpkg-deb", "--fsys-tarfile", str(debs[0])], stdout=subprocess.PIPE)
        assert dpkg.stdout is not None
        with dpkg, tarfile.open(fileobj=dpkg.stdout, mode="r|*") as archive:
            for member in archive:
                match = FANDOL_FILE.search(member.name)
                if match and member.isfile():
                    source = archive.extractfile(member)
                    assert source is not None
                    font = target / match.group(1)
                    font.write_bytes(source.read())
                    font.chmod(0o644)
                    found.add(match.group(1))
        if found != FANDOL_NAMES:
            raise SetupError(f"{FANDOL_PACKAGE} did not hold {sorted(FANDOL_NAMES - found)}")
        if shutil.which("fc-cache"):
            run(["fc-cache", "-f", str(target)], check=False)


def install_postgres(apt: Apt) -> None:
    """PostgreSQL's programs, installed last and on their own: only initdb, pg_ctl and createdb
    are used. Its package scripts also maintain system-wide files (the default cluster, apt
    settings); where those fail but the programs are in place (a container whose /etc/apt is
    read-only) the tests can still run, so that is a warning, not the end of the set-up."""
    if not apt.can_install():
        apt.ensure([POSTGRES_PACKAGE])  # says what to install
        return
    try:
        apt.install([POSTGRES_PACKAGE])
    except SetupError as exc:
        if find_postgres_bindir() is None:
            raise
        say(f"warning: {exc}; PostgreSQL's programs are installed, going on")


def repair_root_directory() -> None:
    """A root directory only root may enter (a chroot unpacked from a 0700 folder) stops every
    other user, the postgres server's among them, from running anything: make it 0755."""
    if is_root() and not (Path("/").stat().st_mode & 0o001):
        say("warning: / is not searchable by other users (a broken chroot?): setting it to 0755")
        os.chmod("/", 0o755)


def system_setup(command: str) -> None:
    """The Debian/Ubuntu packages ``command`` needs. As root a failure stops the set-up; as
    another user it is reported and the run goes on (the tests then say what is missing)."""
    if not Apt.available():
        if sys.platform.startswith("linux"):
            say(
                "not Debian/Ubuntu: install Qt's system libraries, a Chinese font"
                + (", LibreOffice, poppler and PostgreSQL" if command == "test" else "")
                + " with your package manager (see README.md)"
            )
        return
    apt = Apt()
    repair_root_directory()
    with step("system packages"):
        try:
            if command == "run":
                apt.ensure(RUN_PACKAGES)
                return
            wanted = list(TEST_PACKAGES)
            if sys.base_prefix == "/usr":  # Debian's own Python: PyInstaller needs its shared library
                wanted.append(f"libpython{sys.version_info.major}.{sys.version_info.minor}")
            apt.ensure(wanted)
            if not fandol_installed():
                install_fandol(apt)
            if find_postgres_bindir() is None:
                install_postgres(apt)
        except SetupError as exc:
            if is_root():
                raise
            say(f"warning: {exc}")


# --- the virtual environment ----------------------------------------------------------


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if WINDOWS else "bin/python")


def _venv_works() -> bool:
    python = venv_python()
    return python.exists() and run([python, "-c", "import sys"], capture_output=True).returncode == 0


def _ensure_venv_module() -> None:
    try:
        import ensurepip  # noqa: F401  (Debian splits it into python3-venv)
    except ImportError:
        package = f"python{sys.version_info.major}.{sys.version_info.minor}-venv"
        if Apt.available() and Apt().can_install():
            Apt().install([package])
        else:
            raise SetupError(f"this Python cannot create virtual environments: install {package}") from None


def read_stamp() -> dict:
    try:
        return json.loads(STAMP.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def ensure_venv(extras: set[str]) -> Path:
    """``.venv`` with the project installed editable with ``extras``; reinstalls only on change."""
    with step("virtual environment"):
        if not _venv_works():
            if VENV.exists():
                say(f"{VENV} does not work (moved, or made by another Python): making it again")
                shutil.rmtree(VENV)
            _ensure_venv_module()
            say(f"creating {VENV}")
            run([sys.executable, "-m", "venv", VENV], check=True)
        pyproject = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + CONSTRAINTS.read_bytes()).hexdigest()
        stamp = read_stamp()
        current = stamp.get("pyproject") == pyproject and stamp.get("root") == str(ROOT)
        installed = set(stamp.get("extras", [])) if current else set()
        if current and extras <= installed:
            say(f"project already installed with [{','.join(sorted(installed))}]; pyproject.toml and constraints unchanged")
        else:
            wanted = extras | installed
            spec = f".[{','.join(sorted(wanted))}]" if wanted else "."
            say(f"installing the project: pip install -e {spec} -c {CONSTRAINTS.relative_to(ROOT)}")
            result = run(
                [venv_python(), "-m", "pip", "install", "--disable-pip-version-check", "--progress-bar=off",
                 "-e", spec, "-c", CONSTRAINTS],  # fmt: skip
                cwd=ROOT,
            )
            if result.returncode != 0:
                STAMP.unlink(missing_ok=True)
                raise SetupError(f"pip install -e {spec} failed (exit code {result.returncode})")
            STAMP.write_text(
                json.dumps({"pyproject": pyproject, "root": str(ROOT), "extras": sorted(wanted)}, indent=1),
                encoding="utf-8",
            )
    return venv_python()


# --- a throwaway PostgreSQL server for the tests --------------------------------------


def find_postgres_bindir() -> Path | None:
    """The folder holding initdb and pg_ctl (Debian keeps them out of PATH)."""
    candidates: list[Path] = []
    if WINDOWS:
        for base in (os.environ.get("ProgramFiles", r"C:\Program Files"),):
            candidates += sorted(Path(base, "PostgreSQL").glob("*/bin"), key=_version_key, reverse=True)
    else:
        candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=_version_key, reverse=True)
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
    exe = ".exe" if WINDOWS else ""
    for folder in candidates:
        if (folder / f"initdb{exe}").exists() and (folder / f"pg_ctl{exe}").exists():
            return folder
    return None


def _version_key(path: Path) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", path.parent.name)) or (0,)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ThrowawayPostgres:
    """A private PostgreSQL cluster in a temporary folder, on 127.0.0.1 only, trust auth."""

    DATABASE = "desk_app_test"

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.base: Path | None = None
        self.data: Path | None = None
        self.running = False
        self.user: dict = {}
        if is_root():  # initdb refuses root: the server runs as the postgres user
            import pwd

            try:
                entry = pwd.getpwnam("postgres")
            except KeyError:
                raise SetupError("running as root but there is no 'postgres' user to run the server") from None
            self.user = dict(user=entry.pw_uid, group=entry.pw_gid, extra_groups=[])
            self.owner = (entry.pw_uid, entry.pw_gid)

    def _tool(self, name: str) -> str:
        return str(self.bindir / (name + (".exe" if WINDOWS else "")))

    def _run(self, *command: str) -> subprocess.CompletedProcess:
        """Run a PostgreSQL tool; its output is in ``.stdout``. The output goes through a file,
        not a pipe: the server pg_ctl starts must not inherit a pipe we wait on."""
        env = dict(os.environ, LC_ALL="C", LANG="C")
        env.pop("PGDATA", None)
        assert self.base is not None
        output = self.base / "command-output.txt"
        with output.open("w", encoding="utf-8") as sink:
            result = run(
                command,
                cwd=self.base,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=sink,
                stderr=subprocess.STDOUT,
                start_new_session=not WINDOWS,  # Ctrl+C must not reach the server before we stop it
                **self.user,
            )
        result.stdout = output.read_text(encoding="utf-8", errors="replace")
        return result

    def start(self) -> str:
        parent = Path(tempfile.gettempdir())
        if self.user and not (parent.stat().st_mode & 0o001):
            parent = Path("/tmp")  # the postgres user must be able to reach the folder
        self.base = Path(tempfile.mkdtemp(prefix="desk-app-postgres-", dir=parent))
        if self.user:
            os.chown(self.base, *self.owner)
        self.data = self.base / "data"
        result = self._run(
            self._tool("initdb"),
            "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync",
        )  # fmt: skip
        if result.returncode != 0:
            raise SetupError(f"initdb failed:\n{result.stdout}")
        for attempt in range(3):
            port = free_port()
            settings = [
                "listen_addresses = '127.0.0.1'",
                f"port = {port}",
                # A throwaway cluster: durability is not wanted, speed is.
                "fsync = off",
                "synchronous_commit = off",
                "full_page_writes = off",
            ]
            if not WINDOWS:
                settings.append(f"unix_socket_directories = '{self.base}'")
            with (self.data / "postgresql.conf").open("a", encoding="utf-8") as conf:
                conf.write("\n# desk-app bootstrap\n" + "\n".join(settings) + "\n")
            log = self.base / "server.log"
            result = self._run(self._tool("pg_ctl"), "-D", str(self.data), "-l", str(log), "-w", "-t", "60", "start")
            if result.returncode == 0:
                self.running = True
                break
            server_log = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
            if "already in use" not in server_log or attempt == 2:
                raise SetupError(f"PostgreSQL did not start:\n{result.stdout}\n{server_log[-3000:]}")
        result = self._run(self._tool("createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", self.DATABASE)
        if result.returncode != 0:
            raise SetupError(f"createdb failed:\n{result.stdout}")
        return f"postgresql://postgres@127.0.0.1:{port}/{self.DATABASE}"

    def stop(self) -> None:
        if self.running and self.data is not None:
            result = self._run(self._tool("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "-t", "30", "stop")
            if result.returncode != 0:
                self._run(self._tool("pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
            self.running = False
        if self.base is not None:
            shutil.rmtree(self.base, ignore_errors=True)
            if self.base.exists():
                say(f"could not remove {self.base}")
            self.base = None


def postgres_unavailable_note(reason: str) -> None:
    consequence = (
        "CI=true: the PostgreSQL tests will FAIL"
        if os.environ.get("CI")
        else "the PostgreSQL variants of the storage tests will be skipped"
    )
    say(f"no PostgreSQL for the tests ({reason}); {consequence}")


# --- the commands -----------------------------------------------------------------------


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP (a CI timeout, a closed terminal): clean up as for Ctrl+C."""


def _raise_terminated(signum, frame):  # noqa: ARG001
    raise Terminated(signum)


def run_child(command: Sequence[str | Path], **kwargs) -> int:
    """Run a long child (pytest, the program); on an interrupt let it finish its report."""
    child = subprocess.Popen([str(c) for c in command], **kwargs)
    try:
        return child.wait()
    except KeyboardInterrupt as exc:
        if isinstance(exc, Terminated):
            child.terminate()  # Ctrl+C reaches the child by itself; a SIGTERM to us does not
        try:
            child.wait(timeout=20)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
        raise


def command_run(args: list[str]) -> int:
    system_setup("run")
    python = ensure_venv({"postgres"})
    if (
        sys.platform.startswith("linux")
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
        and not os.environ.get("QT_QPA_PLATFORM")
    ):
        say("no DISPLAY or WAYLAND_DISPLAY: the window needs a desktop session (or xvfb-run -a)")
    say(f"starting: python -m desk_app {shlex.join(args)}".rstrip())
    try:
        return run_child([python, "-m", "desk_app", *args], cwd=ROOT)
    except KeyboardInterrupt:
        return 130


def command_test(args: list[str]) -> int:
    system_setup("test")
    python = ensure_venv({"test", "postgres", "build"})
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    scripts = python.parent
    env["PATH"] = str(scripts) + os.pathsep + env.get("PATH", "")
    server: ThrowawayPostgres | None = None
    try:
        if env.get(POSTGRES_URL_ENV):
            say(f"using the PostgreSQL server given in {POSTGRES_URL_ENV}")
        else:
            bindir = find_postgres_bindir()
            if bindir is None:
                postgres_unavailable_note("initdb/pg_ctl not found")
            else:
                with step("throwaway PostgreSQL server"):
                    try:
                        server = ThrowawayPostgres(bindir)
                        env[POSTGRES_URL_ENV] = server.start()
                        say(f"{POSTGRES_URL_ENV}={env[POSTGRES_URL_ENV]}")
                    except SetupError as exc:
                        print(exc, file=sys.stderr)
                        postgres_unavailable_note("it did not start")
        command = [python, "-X", "warn_default_encoding", "-W", "error::EncodingWarning", "-m", "pytest", *args]
        say("running: python " + shlex.join(str(c) for c in command[1:]))
        started = time.perf_counter()
        code = run_child(command, cwd=ROOT, env=env)
        say(f"pytest: {time.perf_counter() - started:.1f} s, exit code {code}")
    except KeyboardInterrupt:
        say("interrupted")
        code = 130
    finally:
        if server is not None:
            with step("stopping the PostgreSQL server"):
                server.stop()
    if code == 5:
        say("pytest exit code 5: no tests were collected (nothing to run) - reported as success (exit 0)")
        return 0
    return code


COMMANDS = {"run": command_run, "test": command_test}
USAGE = __doc__.split("\n\n")[1]


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print("usage:\n" + USAGE, file=sys.stderr)
        return 2
    if sys.version_info < MIN_PYTHON:
        print(
            f"Python {'.'.join(map(str, MIN_PYTHON))} or newer is needed; this is {sys.version.split()[0]}",
            file=sys.stderr,
        )
        return 2
    if not WINDOWS:
        signal.signal(signal.SIGTERM, _raise_terminated)  # a CI timeout still stops the server
        signal.signal(signal.SIGHUP, _raise_terminated)
    started = time.perf_counter()
    try:
        code = COMMANDS[argv[0]](argv[1:])
    except SetupError as exc:
        print(f"[bootstrap] set-up failed: {exc}", file=sys.stderr)
        code = 1
    except KeyboardInterrupt:
        say("interrupted")
        code = 130
    say(f"total: {time.perf_counter() - started:.1f} s, exit code {code}")
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
