from __future__ import annotations

from io import StringIO
from pathlib import Path

from bridge.cli import EXIT_OK, main


def test_demo_tells_the_retries_as_story_lines_and_shows_an_audit_history(
    tmp_path: Path, capsys
) -> None:
    out = StringIO()
    data = tmp_path / "demo"
    code = main(["demo", "--orders", "40", "--data-dir", str(data)], out=out)
    text = out.getvalue()
    assert code == EXIT_OK
    assert "  retry: Intacct" in text
    assert "transient failures retried by the SDK" in text
    assert "WARNING" not in text + capsys.readouterr().err
    assert "Documents posted by the second run: 0" in text
    assert f"Audit trail and state: {(data / 'bridge.sqlite3').resolve()}" in text
    assert "One record's history: python -m bridge audit --store" in text
    history = text.split("One record's history:")[1].splitlines()
    assert " posted ok control=" in "\n".join(history[1:4])
