"""The upload corpus (tests/fixtures/uploads) and its expectations (EXPECTED.csv): every broken
file is refused with its message or flagged at its row and column; the committed files are what
make_corpus.py writes."""

from pathlib import Path

import pytest
from tracker_files import CORPUS, EXPECTED, GOOD_FILES, make_corpus, plan_for

from hrcities.tracker import UploadError, read_upload


def test_every_corpus_file_has_an_expectation_and_the_corpus_stays_small():
    committed = {p.name for p in CORPUS.iterdir() if p.is_file()} - {"EXPECTED.csv", "make_corpus.py"}
    expected_committed = {r["file"] for r in EXPECTED if r["origin"] == "committed"}
    generated = {r["file"] for r in EXPECTED if r["origin"] == "generated"}
    assert committed - set(GOOD_FILES) == expected_committed
    assert generated == set(make_corpus.GENERATED)
    assert not generated & committed
    assert sum((CORPUS / name).stat().st_size for name in committed) < 200 * 1024


def test_committed_corpus_is_what_make_corpus_writes(tmp_path):
    make_corpus.build_committed(tmp_path)
    written = {p.name for p in tmp_path.iterdir()}
    assert written == {p.name for p in CORPUS.iterdir()} - {"EXPECTED.csv", "make_corpus.py"}
    for name in written - {"tracker_es.xlsx", "truncated.xlsx"}:  # xlsx files carry timestamps
        assert (tmp_path / name).read_bytes() == (CORPUS / name).read_bytes(), name


def _corpus_bytes(row: dict, tmp_path: Path) -> bytes:
    if row["origin"] == "generated":
        path = tmp_path / row["file"]
        make_corpus.GENERATED[row["file"]](path)
        return path.read_bytes()
    return (CORPUS / row["file"]).read_bytes()


@pytest.mark.parametrize("row", EXPECTED, ids=[r["file"] for r in EXPECTED])
def test_broken_file_is_refused_or_flagged(row, tmp_path, current):
    data = _corpus_bytes(row, tmp_path)
    if row["kind"] == "refused":
        with pytest.raises(UploadError) as caught:
            read_upload(row["file"], data)
        assert row["expected_error_fragment"] in caught.value.message
        assert isinstance(caught.value, ValueError)
        return
    assert row["kind"] == "flagged"
    plan = plan_for(read_upload(row["file"], data), current)
    matching = [p for p in plan.problems if row["expected_error_fragment"] in str(p)]
    assert matching, [str(p) for p in plan.problems]
    problem = matching[0]
    assert problem.file == row["file"]
    assert problem.row == (int(row["row"]) if row["row"] else None)
    if row["row"]:
        assert problem.column == (row["column"] or None)
        assert problem.row not in plan.added_rows
        assert problem.row not in [change.row for change in plan.changed]
    else:
        assert plan.added == [] and plan.changed == []
