"""The package as a whole: importing it never loads Streamlit."""

import subprocess
import sys

from tracker_files import ROOT


def test_tracker_module_does_not_import_streamlit():
    code = "import hrcities.tracker, sys; print('streamlit' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_the_names_other_modules_import_are_still_there():
    import hrcities.tracker as tracker

    used = (  # by views/coordinator/tracker.py, hrcities/store/imports.py, scripts, tests, resilience
        "FIELDS",
        "ImportPlan",
        "InvalidValue",
        "Upload",
        "UploadError",
        "plan_import",
        "plan_signature",
        "plan_tables",
        "read_upload",
        "slugify",
        "suggest_mapping",
    )
    assert [name for name in used if not hasattr(tracker, name)] == []
