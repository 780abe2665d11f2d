"""needs.json (sphinx/needs_json.py): after a full build and after each edit, Lotsen's
file is, byte for byte, the one sphinx-needs' own writer gives for the same build, and
an edit makes again only the entries that changed (the others are taken from the last
file's text)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from sphinx_needs.needsfile import NeedsList

from lotsen import processes
from lotsen.sphinx import needs_json

from conftest import build_in_process, copy_sample


@pytest.fixture
def written(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, int]]:
    """For each build: (Lotsen's needs.json, sphinx-needs' own for the same build, how
    many entries Lotsen's writer made anew). Lotsen's file is put back after sphinx-needs
    has written its own, so the next build finds the file it wrote."""
    from sphinx_needs.builder import build_needs_json

    found: list[tuple[str, str, int]] = []
    lotsen_writer = needs_json.write_needs_json
    add_need = NeedsList.add_need

    def both(app, exception) -> None:
        made = []
        with monkeypatch.context() as patch:
            patch.setattr(NeedsList, "add_need", lambda self, version, need: made.append(need["id"])
                          or add_need(self, version, need))
            lotsen_writer(app, exception)
        path = Path(app.outdir) / "needs.json"
        ours, stamp = path.read_text(encoding="utf-8"), path.stat()
        build_needs_json(app, exception)
        found.append((ours, path.read_text(encoding="utf-8"), len(made)))
        path.write_text(ours, encoding="utf-8")
        os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))  # as Lotsen wrote it

    monkeypatch.setattr(needs_json, "write_needs_json", both)
    # both writers in this process: an edit's needs.json is otherwise made in a forked
    # one (sphinx/second_core.py; tests/test_second_core.py compares the two ways)
    monkeypatch.setenv(processes.SETTING, "1")
    return found


def build(src: Path, out: Path) -> None:
    result = build_in_process(["-b", "html", "-q", "--no-color", "-d", str(out.parent / "doctrees"), str(src),
                               str(out)])
    assert result.returncode == 0, result.stderr[-3000:]


def test_needs_json_is_sphinx_needs_own_after_a_build_and_after_edits(
        tmp_path: Path, written: list[tuple[str, str, int]]) -> None:
    src = copy_sample(tmp_path / "src")
    out = tmp_path / "build" / "html"
    build(src, out)
    ours, theirs, made = written[-1]
    assert ours == theirs
    total = made
    assert total > 50  # a first build makes every entry

    # a routine's title: its entry and those of the objects it links to are made again
    routine = src / "routines" / "ht" / "rut-ht-005.md"
    text = routine.read_text(encoding="utf-8")
    title = text.split("```{rutin} ", 1)[1].split("\n", 1)[0]
    routine.write_text(text.replace(f"```{{rutin}} {title}\n", f"```{{rutin}} {title} (ny lydelse)\n", 1),
                       encoding="utf-8")
    build(src, out)
    ours, theirs, made = written[-1]
    assert ours == theirs
    assert json.dumps(f"{title} (ny lydelse)") in ours
    assert 0 < made < total / 2

    # an object removed, another added: the count, the back links and the order follow
    routine.write_text(routine.read_text(encoding="utf-8").replace(":id: RUT-HT-005", ":id: RUT-HT-905", 1),
                       encoding="utf-8")
    build(src, out)
    ours, theirs, made = written[-1]
    assert ours == theirs
    assert '"RUT-HT-905": {' in ours and '"RUT-HT-005": {' not in ours
    assert 0 < made < total / 2


def test_a_needs_json_changed_by_hand_is_written_anew(tmp_path: Path, written: list[tuple[str, str, int]]) -> None:
    """The last file's text is trusted only while it is the one the last build wrote:
    changed by hand, even to the same size, it is written anew."""
    src = copy_sample(tmp_path / "src")
    out = tmp_path / "build" / "html"
    build(src, out)
    total = written[-1][2]
    path = out / "needs.json"
    text = path.read_text(encoding="utf-8")
    assert '"title": "A' in text
    path.write_text(text.replace('"title": "A', '"title": "B', 1), encoding="utf-8")
    routine = src / "routines" / "ht" / "rut-ht-005.md"
    routine.write_text(routine.read_text(encoding="utf-8") + "\nEn rad till.\n", encoding="utf-8")
    build(src, out)
    ours, theirs, made = written[-1]
    assert ours == theirs
    assert made == total
