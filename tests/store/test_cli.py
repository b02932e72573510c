"""`python -m hrcities.store`: init, info, backup, restore into an empty store, refusals; both backends."""

import json
import subprocess
import sys
import zipfile

from conftest import ROOT, TINY, new_database_url


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "hrcities.store", *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def manifest_tables(path) -> dict:
    with zipfile.ZipFile(path) as archive:
        return json.loads(archive.read("manifest.json"))["tables"]


def test_init_backup_and_restore_into_an_empty_store(backend, tmp_path):
    source, drop_source = new_database_url(backend, tmp_path)
    target, drop_target = new_database_url(backend, tmp_path)
    try:
        first = cli("--url", source, "--data-dir", str(TINY), "init")
        assert first.returncode == 0, first.stderr
        assert "seeded from" in first.stdout
        again = cli("--url", source, "--data-dir", str(TINY), "init")
        assert "already seeded" in again.stdout
        info = cli("--url", source, "info")
        # the head revision: 0002_public_record (the record table, territories' leader fields)
        assert "territories:" in info.stdout and "schema revision: 0002" in info.stdout

        saved = cli("--url", source, "backup", str(tmp_path / "backup.zip"))
        assert saved.returncode == 0, saved.stderr
        restored = cli("--url", target, "restore", str(tmp_path / "backup.zip"))
        assert restored.returncode == 0, restored.stderr
        assert cli("--url", target, "backup", str(tmp_path / "again.zip")).returncode == 0
        original, copy = manifest_tables(tmp_path / "backup.zip"), manifest_tables(tmp_path / "again.zip")
        assert copy == original  # every table, row for row (per-table SHA-256)
        assert original["territories"]["rows"] > 0

        # A store holding data is never overwritten; a damaged file is refused with a message.
        before = cli("--url", target, "checksum").stdout
        refused = cli("--url", target, "restore", str(tmp_path / "backup.zip"))
        assert refused.returncode == 1 and "needs an empty store" in refused.stderr
        (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04 not really a zip")
        broken = cli("--url", target, "restore", str(tmp_path / "broken.zip"))
        assert broken.returncode == 1 and "damaged" in broken.stderr
        assert "Traceback" not in refused.stderr + broken.stderr
        assert cli("--url", target, "checksum").stdout == before
    finally:
        drop_source()
        drop_target()
