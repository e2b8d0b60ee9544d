"""No other local user reaches in (issue 24): every file and folder FollowUp creates
is private whatever the umask; no writer follows a link planted at its target; an
attachment's stored name never leaves its folder; leftovers of killed backups go.

The tests that matter most also run as a second local user (CI is root and creates
one); elsewhere they skip with the reason.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from followup_gui.domain.errors import StorageError
from followup_gui.storage import Database
from followup_gui.storage import backups as bk
from followup_gui.storage import models as m

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
OTHER_USER = "followup-intruder"
#: The intruder runs the system's Python (the project's venv may not be theirs to run).
SYSTEM_PYTHON = shutil.which("python3", path="/usr/local/bin:/usr/bin:/bin") or sys.executable


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    old = os.umask(0o000)  # the worst case: everything world-writable by default
    yield
    os.umask(old)


def fill(db: Database) -> int:
    with db.write() as s:
        app = m.Application(company="Acme", stage_key="applied", timezone="UTC")
        s.add_all([app, m.Contact(full_name="Dana Whitfield", emails=["dana@example.org"])])
        s.flush()
        return app.id


def test_everything_created_is_private_at_umask_000(tmp_path: Path, open_umask: None) -> None:
    from followup_gui.logs import setup_logging
    from followup_gui.platform.autostart import XdgAutostart
    from followup_gui.services.applications.attachments import AttachmentKind, add_attachment
    from followup_gui.services.contacts.card_images import store_card_bytes
    from followup_gui.services.interchange.ics import export_ics
    from followup_gui.services.interchange.json.backup import export_json
    from followup_gui.services.interchange.vcard.cards import export_vcards
    from followup_gui.settings import CLOSE_TO_TRAY, Settings

    data = tmp_path / "share" / "FollowUp"  # parents created by FollowUp too
    db = Database.open(data / "followup.sqlite3")
    try:
        app_id = fill(db)
        source = tmp_path / "resume.pdf"
        source.write_bytes(b"%PDF-1.4")
        attachment = add_attachment(db, data, app_id, source, AttachmentKind.RESUME).value
        photo = Path(store_card_bytes(b"\xff\xd8photo", ".jpg", data))
        backup = bk.make_backup(db, NOW).path
        exports = tmp_path / "exports"
        exports.mkdir(mode=0o700)
        export_json(db, exports / "all.json")
        export_ics(db, exports / "plan.ics", NOW)
        export_vcards(db, exports / "people.vcf")
        settings = Settings(tmp_path / "config" / "FollowUp" / "followup.ini")
        settings.set(CLOSE_TO_TRAY, False)
        entry = XdgAutostart(tmp_path / "config")
        entry.enable(["/opt/FollowUp/followup-gui"])
        log_file = setup_logging(data)
    finally:
        db.close()
    files = [
        data / "followup.sqlite3",
        attachment.path,
        photo,
        backup,
        exports / "all.json",
        exports / "plan.ics",
        exports / "people.vcf",
        settings.path,
        entry.path,
    ]
    if log_file is not None:
        files.append(log_file)
    folders = [
        tmp_path / "share",
        data,
        data / "attachments",
        data / "cards",
        data / "backups",
        settings.path.parent,
        entry.path.parent,
    ]
    assert {str(f): oct(mode(f)) for f in files} == {str(f): oct(0o600) for f in files}
    assert {str(d): oct(mode(d)) for d in folders} == {str(d): oct(0o700) for d in folders}
    import logging

    for handler in logging.getLogger().handlers[:]:
        if getattr(handler, "baseFilename", "") == str(log_file):
            handler.close()
            logging.getLogger().removeHandler(handler)


WRITERS = ["json", "ics", "vcard", "csv", "pdf", "backup"]


def write_with(kind: str, db: Database, target: Path) -> Path | None:
    from followup_gui.services.interchange.csv.exporting import export_applications_csv
    from followup_gui.services.interchange.ics import export_ics
    from followup_gui.services.interchange.json.backup import export_json
    from followup_gui.services.interchange.pdf import write_pdf
    from followup_gui.services.interchange.vcard.cards import export_vcards

    if kind == "json":
        export_json(db, target)
    elif kind == "ics":
        export_ics(db, target, NOW)
    elif kind == "vcard":
        export_vcards(db, target)
    elif kind == "csv":
        export_applications_csv(db, target)
    elif kind == "pdf":
        return write_pdf("<p>Report</p>", target)
    else:
        return db.backup_to(target)
    return None


@pytest.mark.parametrize("kind", WRITERS)
def test_no_writer_follows_a_link_planted_at_its_target(qtbot, db_path, tmp_path, kind) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("the victim's own file\n")
    os.chmod(victim, 0o644)
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / f"export.{kind}"
    target.symlink_to(victim)
    db = Database.open(db_path)
    try:
        fill(db)
        reported = write_with(kind, db, target)
    finally:
        db.close()
    assert victim.read_text() == "the victim's own file\n" and mode(victim) == 0o644
    assert not target.is_symlink() and target.is_file() and mode(target) == 0o600
    if reported is not None:
        assert reported == target  # the path written, not where the link pointed


def test_an_attachment_name_never_leaves_its_folder(db: Database, tmp_path: Path) -> None:
    from followup_gui.services.applications.attachments import (
        list_attachments,
        remove_attachment,
    )

    data = tmp_path / "data"
    (data / "attachments").mkdir(parents=True)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    app_id = fill(db)
    with db.write() as s:
        row = m.Attachment(
            application_id=app_id, kind="resume", stored_name="../../victim.txt", label="x"
        )
        s.add(row)
        s.flush()
        attachment_id = row.id
    [info] = list_attachments(db, data, app_id)
    assert info.path.parent == data / "attachments"
    remove_attachment(db, data, attachment_id)
    assert victim.read_text() == "keep me"


def test_a_backup_naming_an_attachment_outside_is_not_restored(db_path: Path) -> None:
    db = Database.open(db_path)
    try:
        app_id = fill(db)
        with db.write() as s:
            s.add(m.Attachment(application_id=app_id, kind="resume", stored_name="../x.txt"))
        copy = db_path.parent / "hostile.sqlite3"
        db.backup_to(copy)
        with pytest.raises(StorageError, match="outside the attachments folder"):
            bk.restore_from(db, copy, NOW)
    finally:
        db.close()


def test_an_attachment_with_a_non_utf8_name_is_kept(db: Database, tmp_path: Path) -> None:
    from followup_gui.services.applications.attachments import AttachmentKind, add_attachment

    if sys.platform != "linux":
        pytest.skip("file names are bytes on Linux only")
    source = Path(os.fsdecode(bytes(tmp_path) + b"/r\xe9sum\xe9.pdf"))
    source.write_bytes(b"%PDF-1.4")
    info = add_attachment(db, tmp_path / "data", fill(db), source, AttachmentKind.RESUME).value
    assert info.original_name == "r\ufffdsum\ufffd.pdf" and info.path.read_bytes() == b"%PDF-1.4"


def test_leftovers_of_killed_backups_go_at_the_next_open_and_are_never_offered(db_path):
    Database.open(db_path).close()
    folder = db_path.parent / "backups"
    folder.mkdir()
    partial = folder / ".followup-20261120T120000000000Z.sqlite3.partial"
    partial.write_bytes(b"half a backup")
    journal = Path(f"{partial}-journal")
    journal.write_bytes(b"x")
    restoring = db_path.parent / f".{db_path.name}.restoring"
    restoring.write_bytes(b"half a restore")
    unrelated = folder / "notes.txt"
    unrelated.write_text("mine")
    exporting = db_path.parent / ".report.pdf.4242.partial"  # another program's, unlocked
    exporting.write_bytes(b"%PDF")
    assert bk.list_backups(db_path) == []
    Database.open(db_path).close()
    assert not partial.exists() and not journal.exists() and not restoring.exists()
    assert unrelated.exists() and exporting.exists()


def test_a_partial_being_written_by_a_running_backup_is_left_alone(db_path: Path) -> None:
    from followup_gui.storage.backup import held, remove_leftovers

    Database.open(db_path).close()
    partial = db_path.parent / ".copy.sqlite3.partial"  # as sqlite_backup names it
    partial.write_bytes(b"being written")
    with held(partial):
        child = subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from pathlib import Path; "
                "from followup_gui.storage.backup import remove_leftovers; "
                "print(len(remove_leftovers(Path(sys.argv[1]))))",
                str(db_path.parent),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        assert child.stdout.strip() == "0" and partial.exists()
    assert remove_leftovers(db_path.parent) == [partial]


def test_pre_upgrade_copies_are_rotated(tmp_path: Path) -> None:
    from followup_gui.storage.migrate import KEEP_PRE_UPGRADE, prune_pre_upgrade

    db_path = tmp_path / "followup.sqlite3"
    db_path.write_bytes(b"")
    copies = [
        tmp_path / f"followup.before-upgrade-0001-2026110{day}T120000Z.sqlite3" for day in range(6)
    ]
    for copy in copies:
        copy.write_bytes(b"old")
    other = tmp_path / "other.before-upgrade-0001-20261101T120000Z.sqlite3"
    other.write_bytes(b"another database's")
    prune_pre_upgrade(db_path)
    kept = sorted(p for p in copies if p.exists())
    assert kept == copies[-KEEP_PRE_UPGRADE:] and other.exists()


def test_the_start_up_check_never_writes_a_newer_database(db_path: Path) -> None:
    from followup_gui.domain.errors import NewerSchemaError

    Database.open(db_path).close()
    # A newer FollowUp wrote, then stopped uncleanly: its last commits are in the WAL.
    writer = sqlite3.connect(db_path)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.execute("UPDATE alembic_version SET version_num='9999'")
    writer.execute("CREATE TABLE from_the_future (x)")
    writer.commit()
    wal = Path(f"{db_path}-wal")
    keep = db_path.parent / "kept"
    keep.mkdir()
    shutil.copy(db_path, keep / "db")
    shutil.copy(wal, keep / "wal")
    writer.close()  # would checkpoint: put the unclean state back
    shutil.copy(keep / "db", db_path)
    shutil.copy(keep / "wal", wal)
    before = db_path.read_bytes()
    bk.mark_open(db_path)
    assert bk.integrity_problem(db_path) is None
    with pytest.raises(NewerSchemaError):
        Database.open(db_path)
    assert db_path.read_bytes() == before, "the file was written to"


# -- as a second local user ----------------------------------------------------


@pytest.fixture(scope="module")
def intruder() -> str:
    """A second local user (created in CI, which runs as root)."""
    if os.name != "posix" or os.geteuid() != 0 or shutil.which("runuser") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI runs as root with runuser: the second-user tests must run")
        pytest.skip("needs root and runuser to act as a second local user (CI does)")
    known = subprocess.run(["id", "-u", OTHER_USER], capture_output=True).returncode == 0
    if not known:
        subprocess.run(["useradd", "--no-create-home", OTHER_USER], check=True)
    return OTHER_USER


def as_intruder(user: str, script: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["runuser", "-u", user, "--", SYSTEM_PYTHON, "-c", script, *args],
        capture_output=True,
        text=True,
        cwd="/",
        timeout=60,
    )


ATTACK = """
import os, sys
from pathlib import Path
done = []
for name in sys.argv[1:]:
    p = Path(name)
    for attempt, act in (
        ("read", lambda: p.read_bytes()),
        ("rename", lambda: os.rename(p, p.with_name(p.name + ".gone"))),
        ("write", lambda: open(p, "ab").close()),
        ("list", lambda: os.listdir(p)),
    ):
        try:
            act()
        except (PermissionError, NotADirectoryError, IsADirectoryError, FileNotFoundError):
            continue
        done.append(f"{attempt} {p}")
print("\\n".join(done))
"""


def test_a_second_user_cannot_read_rename_or_rewrite_anything(
    intruder: str, open_umask: None
) -> None:
    from followup_gui.platform.autostart import XdgAutostart
    from followup_gui.settings import CLOSE_TO_TRAY, Settings

    # A home folder others may enter, as on many desktops (pytest's own folders are
    # 0700: the intruder must be able to get this far for the test to prove anything).
    home = Path(tempfile.mkdtemp(prefix="followup-victim-", dir="/tmp"))
    os.chmod(home, 0o755)
    control = home / "public.txt"
    control.write_text("anyone may read this")
    os.chmod(control, 0o666)
    data = home / "share" / "FollowUp"
    db = Database.open(data / "followup.sqlite3")
    try:
        fill(db)
        bk.make_backup(db, NOW)
    finally:
        db.close()
    settings = Settings(home / "config" / "FollowUp" / "followup.ini")
    settings.set(CLOSE_TO_TRAY, False)
    entry = XdgAutostart(home / "config")
    entry.enable(["/opt/FollowUp/followup-gui"])
    targets = [
        home / "share",
        data,
        data / "followup.sqlite3",
        data / "backups",
        settings.path,
        settings.path.parent,
        entry.path,
        entry.path.parent,
    ]
    try:
        reach = as_intruder(intruder, ATTACK, str(control))
        assert f"read {control}" in reach.stdout, "the intruder cannot even get here"
        result = as_intruder(intruder, ATTACK, *map(str, targets))
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == "", f"another user could:\n{result.stdout}"
        assert "Exec=/opt/FollowUp/followup-gui" in entry.path.read_text()
    finally:
        shutil.rmtree(home)


def test_a_second_user_cannot_stop_followup_from_starting(intruder: str, tmp_path, qtbot):
    from followup_gui.ui.shell.single_instance import SingleInstance, instance_key

    target = str(tmp_path / "x.sqlite3")
    key = instance_key(target)
    plant = (
        "import sys; from pathlib import Path\n"
        "for name in (sys.argv[1] + '.lock', sys.argv[1]):\n"
        "    try: Path(name).write_text('1\\nFollowUp\\nvm\\n')\n"
        "    except OSError: pass\n"
    )
    planted = Path("/tmp") / key
    result = as_intruder(intruder, plant, str(planted))
    assert result.returncode == 0, result.stderr
    try:
        inst = SingleInstance(target)
        assert inst.acquire(), inst.problem
        inst.release()
    finally:
        for name in (planted, Path(f"{planted}.lock")):
            subprocess.run(["rm", "-f", str(name)], check=False)
