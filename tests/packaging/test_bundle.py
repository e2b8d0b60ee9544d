"""The desktop packages, checked the way a user's system would see them.

Builds once per session with ``packaging/build.sh`` (about a minute), then runs the
bundle outside the virtualenv, unpacks the .deb into a scratch root, and installs
and uninstalls the .tar.gz under a temporary prefix. When CI runs as root, the .deb
is also really installed with apt-get and purged again.

Set ``FOLLOWUP_PACKAGING_DIST`` to a folder that ``build.sh`` already filled to skip
the build while working on these tests.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from followup_gui import APP_ID, __version__

pytestmark = pytest.mark.packaging

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))
from elfdeps import needed_libs  # noqa: E402

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)
# Qt bindings the app may ship; anything else (QML, Quick, 3D, WebEngine...) is a leak.
QT_ALLOWED = {
    "QtCore",
    "QtGui",
    "QtWidgets",
    "QtSvg",
    "QtSvgWidgets",
    "QtDBus",
    "QtNetwork",
    "QtSql",
    "QtPrintSupport",
    "QtConcurrent",
    "QtXml",
    "QtOpenGL",
    "QtOpenGLWidgets",
}
DEV_PACKAGES = ("pytest", "_pytest", "pytestqt", "hypothesis", "mypy", "ruff", "tkinter")


@dataclass(frozen=True)
class Built:
    """What build.sh produced."""

    dist: Path
    bundle: Path
    deb: Path
    tarball: Path


def _need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.fail(f"{tool} is missing; packaging/build.sh installs it (Debian packages)")
    return path


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """An environment without the virtualenv, the user's home or a display."""
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
        "XDG_RUNTIME_DIR": str(home / "runtime"),
        "QT_QPA_PLATFORM": "offscreen",
        "LANG": "C.UTF-8",
    }
    (home / "runtime").mkdir(parents=True, exist_ok=True)
    (home / "runtime").chmod(0o700)
    env.update(extra)
    return env


def run(
    cmd: list[str | Path], env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(c) for c in cmd],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    reuse = os.environ.get("FOLLOWUP_PACKAGING_DIST")
    if reuse:
        dist = Path(reuse).resolve()
    else:
        dist = tmp_path_factory.mktemp("dist")
        env = {**os.environ, "DIST": str(dist), "PYTHON": sys.executable}
        result = subprocess.run(
            [str(ROOT / "packaging" / "build.sh")],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=1800,
            check=False,
        )
        if result.returncode != 0:
            pytest.fail(
                f"packaging/build.sh failed ({result.returncode}):\n"
                f"{result.stdout[-6000:]}\n{result.stderr[-6000:]}"
            )
    debs = sorted(dist.glob(f"followup_{__version__}_*.deb"))
    tarballs = sorted(dist.glob(f"followup-{__version__}-linux-*.tar.gz"))
    assert len(debs) == 1, f"expected one .deb in {dist}: {debs}"
    assert len(tarballs) == 1, f"expected one .tar.gz in {dist}: {tarballs}"
    return Built(dist=dist, bundle=dist / "followup", deb=debs[0], tarball=tarballs[0])


@pytest.fixture(scope="session")
def deb_root(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("debroot")
    result = run([_need("dpkg-deb"), "-x", built.deb, root])
    assert result.returncode == 0, result.stderr
    return root


# --- the bundle -------------------------------------------------------------


def test_bundle_prints_its_version_without_the_virtualenv(built: Built, tmp_path: Path) -> None:
    result = run(
        [built.bundle / "followup-gui", "--version"], env=clean_env(tmp_path), cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert __version__ in result.stdout + result.stderr


def test_bundle_passes_its_smoke_test_on_a_fresh_database(built: Built, tmp_path: Path) -> None:
    db = tmp_path / "x.sqlite3"
    result = run(
        [built.bundle / "followup-gui", "--smoke-test", "--db", db],
        env=clean_env(tmp_path),
        cwd=tmp_path,
    )
    assert result.returncode == 0, f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    # The schema came from the migrations shipped inside the bundle.
    assert db.exists(), "the smoke test did not create the database"
    import sqlite3

    with sqlite3.connect(db) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "alembic_version" in tables, tables
    assert not list(built.bundle.rglob("__pycache__")), "running the bundle wrote into it"


def test_bundle_ships_resources_and_migrations(built: Built) -> None:
    internal = built.bundle / "_internal"
    assert (internal / "resources" / "icons" / f"{APP_ID}.svg").is_file()
    migrations = internal / "followup_gui" / "storage" / "migrations"
    assert (migrations / "env.py").is_file()
    assert (migrations / "script.py.mako").is_file()
    assert list((migrations / "versions").glob("*.py")), "no migration scripts in the bundle"


def test_bundle_has_only_the_qt_modules_it_uses_and_no_dev_tools(built: Built) -> None:
    internal = built.bundle / "_internal"
    qt = {p.name.split(".")[0] for p in (internal / "PySide6").glob("Qt*.so")}
    assert {"QtCore", "QtGui", "QtWidgets"} <= qt
    assert qt <= QT_ALLOWED, f"unexpected Qt modules: {sorted(qt - QT_ALLOWED)}"
    libs = {p.name for p in internal.rglob("*.so*")}
    for forbidden in ("libQt6Qml", "libQt6Quick", "libQt6WebEngine", "libQt63D", "libgtk-3"):
        assert not any(n.startswith(forbidden) for n in libs), forbidden
    assert not [p for p in internal.rglob("*") if p.is_symlink() and not p.exists()]

    from PyInstaller.archive.readers import CArchiveReader

    pyz = CArchiveReader(str(built.bundle / "followup-gui")).open_embedded_archive("PYZ.pyz")
    leaked = sorted({n.split(".")[0] for n in pyz.toc if n.split(".")[0] in DEV_PACKAGES})
    assert not leaked, f"dev/test packages in the bundle: {leaked}"
    on_disk = sorted({p.name for p in internal.iterdir()} & set(DEV_PACKAGES))
    assert not on_disk, f"dev/test packages in the bundle: {on_disk}"


# --- the .deb ---------------------------------------------------------------


def test_deb_control_fields(built: Built) -> None:
    fields = run([_need("dpkg-deb"), "-f", built.deb]).stdout
    assert re.search(r"^Package: followup$", fields, re.M)
    assert re.search(rf"^Version: {re.escape(__version__)}$", fields, re.M)
    assert re.search(r"^Depends: .*libxcb-cursor0", fields, re.M)
    # The business-card scan reads text with Tesseract; German and Spanish data recommended.
    assert re.search(r"^Depends: .*\btesseract-ocr, tesseract-ocr-eng\b", fields, re.M)
    assert re.search(r"^Recommends: .*tesseract-ocr-deu, tesseract-ocr-spa", fields, re.M)
    assert not re.search(r"@\w+@", fields), "unfilled placeholder in DEBIAN/control"


def test_deb_installs_app_launcher_menu_entry_and_icons(deb_root: Path, tmp_path: Path) -> None:
    app = deb_root / "opt" / "followup" / "followup-gui"
    assert app.is_file() and os.access(app, os.X_OK)
    launcher = deb_root / "usr" / "bin" / "followup-gui"
    assert launcher.is_file() and os.access(launcher, os.X_OK)
    assert "/opt/followup/followup-gui" in launcher.read_text()

    desktop = deb_root / "usr" / "share" / "applications" / f"{APP_ID}.desktop"
    result = run([_need("desktop-file-validate"), desktop])
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr
    text = desktop.read_text()
    assert re.search(r"^Exec=followup-gui\b", text, re.M)
    assert re.search(rf"^Icon={re.escape(APP_ID)}$", text, re.M)

    metainfo = deb_root / "usr" / "share" / "metainfo" / f"{APP_ID}.metainfo.xml"
    result = run([_need("appstreamcli"), "validate", "--no-net", metainfo])
    assert result.returncode == 0, result.stdout + result.stderr

    hicolor = deb_root / "usr" / "share" / "icons" / "hicolor"
    for size in ICON_SIZES:
        assert png_size(hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png") == (size, size)
    assert (hicolor / "scalable" / "apps" / f"{APP_ID}.svg").is_file()

    # The unpacked copy runs from wherever it is.
    result = run([app, "--version"], env=clean_env(tmp_path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr


# Debian package for a soname, where the usual naming rule does not give it.
SONAME_PACKAGE = {
    "libc.so.6": "libc6",
    "libm.so.6": "libc6",
    "libdl.so.2": "libc6",
    "libpthread.so.0": "libc6",
    "librt.so.1": "libc6",
    "libutil.so.1": "libc6",
    "libresolv.so.2": "libc6",
    "libanl.so.1": "libc6",
    "libnsl.so.1": "libc6",
    "libthread_db.so.1": "libc6",
    "ld-linux-x86-64.so.2": "libc6",
    "ld-linux-aarch64.so.1": "libc6",
    "libgcc_s.so.1": "libgcc-s1",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libgobject-2.0.so.0": "libglib2.0-0",
    "libgio-2.0.so.0": "libglib2.0-0",
}


def debian_package_for(soname: str) -> str:
    """Debian's library package naming: libfoo.so.1 -> libfoo1, libfoo-2.so.0 -> libfoo-2-0."""
    if soname in SONAME_PACKAGE:
        return SONAME_PACKAGE[soname]
    name, _, version = soname.partition(".so.")
    sep = "-" if name[-1].isdigit() else ""
    return f"{name}{sep}{version.split('.')[0]}".lower().replace("_", "-")


def test_deb_depends_on_every_library_the_bundle_does_not_ship(
    built: Built, deb_root: Path
) -> None:
    bundle = deb_root / "opt" / "followup"
    shipped = {p.name for p in bundle.rglob("*")}
    needed: dict[str, str] = {}
    for path in bundle.rglob("*"):
        if path.is_file() and not path.is_symlink() and (".so" in path.name or path.suffix == ""):
            for soname in needed_libs(path) or []:
                if soname not in shipped:
                    needed.setdefault(soname, path.name)
    assert needed, "found no system libraries at all: is the ELF reader broken?"
    fields = run([_need("dpkg-deb"), "-f", built.deb, "Depends"]).stdout
    declared = {re.sub(r"\s*\(.*\)", "", alt).strip() for alt in re.split(r"[,|]", fields)}
    missing = {
        soname: f"{debian_package_for(soname)} (needed by {user})"
        for soname, user in needed.items()
        if debian_package_for(soname) not in declared
    }
    assert not missing, f"add to packaging/linux/deb/control.in Depends: {missing}"


# --- the .tar.gz --------------------------------------------------------------


def _installed_files(prefix: Path) -> set[Path]:
    return {p.relative_to(prefix) for p in prefix.rglob("*") if not p.is_dir()}


def test_tarball_installs_for_one_user_and_uninstalls_exactly_that(
    built: Built, tmp_path: Path
) -> None:
    with tarfile.open(built.tarball) as tar:
        tar.extractall(tmp_path / "unpacked", filter="tar")
    (top,) = (tmp_path / "unpacked").iterdir()
    assert top.name == built.tarball.name.removesuffix(".tar.gz")
    home = tmp_path / "home"
    prefix = tmp_path / "prefix with space"
    # Something of the user's that must survive the uninstall.
    theirs = prefix / "share" / "applications" / "theirs.desktop"
    theirs.parent.mkdir(parents=True)
    theirs.write_text("[Desktop Entry]\n")
    before = _installed_files(prefix)

    env = clean_env(home, PREFIX=str(prefix))
    for _ in range(2):  # installing over an install replaces it
        result = run([top / "install.sh"], env=env, cwd=tmp_path)
        assert result.returncode == 0, result.stdout + result.stderr

    launcher = prefix / "bin" / "followup-gui"
    result = run([launcher, "--version"], env=clean_env(home), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert __version__ in result.stdout + result.stderr

    desktop = prefix / "share" / "applications" / f"{APP_ID}.desktop"
    result = run([_need("desktop-file-validate"), desktop])
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout
    assert f'Exec="{launcher}"' in desktop.read_text()
    hicolor = prefix / "share" / "icons" / "hicolor"
    for icon in ("48x48/apps", "256x256/apps"):
        assert (hicolor / icon / f"{APP_ID}.png").is_file()
    assert (hicolor / "scalable" / "apps" / f"{APP_ID}.svg").is_file()

    # The copy left in the install knows its prefix without being told.
    result = run([prefix / "opt" / "followup" / "uninstall.sh"], env=clean_env(home), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert _installed_files(prefix) == before
    leftover_dirs = sorted(p for p in prefix.rglob("*") if p.is_dir())
    assert leftover_dirs == [prefix / "share", prefix / "share" / "applications"]
    assert not (home / ".local").exists(), "PREFIX was not respected"


# --- a real install (CI as root only) -----------------------------------------


@pytest.mark.skipif(
    not (os.environ.get("CI") and hasattr(os, "geteuid") and os.geteuid() == 0),
    reason="really installs the .deb: only in CI running as root",
)
def test_deb_really_installs_and_purges_cleanly(built: Built, tmp_path: Path) -> None:
    apt = _need("apt-get")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    result = run([apt, "install", "-y", "-qq", "--no-install-recommends", built.deb], env=env)
    if result.returncode != 0:  # stale package lists
        run([apt, "update", "-qq"], env=env)
        result = run([apt, "install", "-y", "-qq", "--no-install-recommends", built.deb], env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    try:
        result = run(["/usr/bin/followup-gui", "--version"], env=clean_env(tmp_path))
        assert result.returncode == 0, result.stderr
        result = run(
            ["/usr/bin/followup-gui", "--smoke-test", "--db", tmp_path / "x.sqlite3"],
            env=clean_env(tmp_path),
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert Path(f"/usr/share/applications/{APP_ID}.desktop").is_file()
    finally:
        purge = run(["dpkg", "--purge", "followup"], env=env)
    assert purge.returncode == 0, purge.stderr
    # dpkg may keep shared folders such as /opt; none of ours may be left behind.
    left = re.findall(r"directory '([^']+)' not empty", purge.stdout + purge.stderr)
    assert not [d for d in left if "followup" in d], left
    assert not Path("/opt/followup").exists()
    assert not Path("/usr/bin/followup-gui").exists()
    assert not Path(f"/usr/share/applications/{APP_ID}.desktop").exists()
    assert not Path(f"/usr/share/icons/hicolor/48x48/apps/{APP_ID}.png").exists()
