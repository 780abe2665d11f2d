"""sphinx-needs' needs in a dict that is short to write out (sphinx/quiet_needs.py): it
is the dict sphinx-needs made, pickled along with the environment, and Sphinx's debug
line for sphinx-needs' events names how many needs there are instead of writing out
every one of them."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
import sphinx.events

from lotsen.sphinx.quiet_needs import QuietNeeds
from test_incremental_outputs import build, edit

from conftest import make_project


def test_is_a_dict_written_out_as_its_size() -> None:
    needs = QuietNeeds({"A": 1, "B": 2})
    needs["C"] = 3
    del needs["A"]
    assert needs == {"B": 2, "C": 3} and list(needs) == ["B", "C"] and isinstance(needs, dict)
    assert repr(needs) == "<2 needs>" and repr((needs,)) == "(<2 needs>,)"
    restored = pickle.loads(pickle.dumps(needs, pickle.HIGHEST_PROTOCOL))
    assert type(restored) is QuietNeeds and restored == needs


class DebugLines:
    """Stands for sphinx.events' logger: keeps what its debug lines would show."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def debug(self, message: str, *args: object) -> None:
        self.lines.append(message % args)


def test_events_write_out_the_needs_short(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A first build and an incremental one: the environment keeps its needs in a
    ``QuietNeeds``, and Sphinx's debug line for sphinx-needs' events shows their count
    where it wrote out every need."""
    src = make_project(tmp_path / "src")
    out, doctrees = tmp_path / "out", tmp_path / "doctrees"
    for step in range(2):
        if step:
            edit(src / "objects.md", "Leta i nyckelskåpet", "Leta noga i nyckelskåpet")
        logged = DebugLines()
        monkeypatch.setattr(sphinx.events, "logger", logged)
        build(src, out, doctrees)
        with (doctrees / "environment.pickle").open("rb") as f:
            needs = pickle.load(f)._needs_all_needs
        assert type(needs) is QuietNeeds and "RUT-HT-001" in needs
        lines = [line for line in logged.lines if "emitting event: 'needs-before-" in line]
        assert len(lines) == 2, lines
        assert all(line.endswith(f"(<{len(needs)} needs>,)") for line in lines), lines
