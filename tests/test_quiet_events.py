"""Sphinx's debug line for an event, written out only when it is shown
(sphinx/quiet_events.py): with ``-vv`` the line is the one Sphinx wrote, without it
no event's arguments are written out, not even sphinx-needs' dict of all needs."""

from __future__ import annotations

import logging
from pathlib import Path
from types import SimpleNamespace

import pytest
import sphinx.events
from sphinx_needs.need_item import NeedItem

from lotsen.sphinx.quiet_events import LazyRepr, setup_quiet_events
from test_incremental_outputs import build, edit

from conftest import make_project


class Unwritable:
    def __repr__(self) -> str:
        raise ValueError("no")


def test_writes_out_as_repr_when_formatted() -> None:
    args = ("doc", {"body": "<p>å\n'x'</p>"}, [1, None])
    assert str(LazyRepr(args)) == repr(args)
    assert "%s" % LazyRepr(args) == repr(args)
    assert str(LazyRepr((Unwritable(),))) == "(...)"


class Lines(logging.Handler):
    def __init__(self, level: int) -> None:
        super().__init__(level)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@pytest.mark.parametrize("shown", [True, False])
def test_the_debug_line_is_sphinxs(shown: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """Shown, the line is what Sphinx's own ``repr(args)`` gave; not shown, nothing is
    written out."""
    setup_quiet_events()
    # as Sphinx's: the logger passes debug lines, its handlers choose what is shown
    logger = logging.Logger("lotsen-test-events", logging.DEBUG)  # no parent: only this handler
    handler = Lines(logging.DEBUG if shown else logging.INFO)
    logger.addHandler(handler)
    monkeypatch.setattr(sphinx.events, "logger", logger)
    manager = sphinx.events.EventManager(SimpleNamespace(pdb=False))  # type: ignore[arg-type]
    manager.add("lotsen-test-event")
    written: list[str] = []

    class Counted:
        def __repr__(self) -> str:
            written.append("x")
            return "Counted()"

    args = ("a", {"b": [1, "c"]}, Counted())
    manager.emit("lotsen-test-event", *args)
    if shown:
        assert handler.lines == [f"[app] emitting event: 'lotsen-test-event'{args!r}"]
    else:
        assert handler.lines == [] and written == []


def test_a_build_writes_out_no_need(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A first build and an incremental one, at the usual verbosity: no need is
    written out (sphinx-needs emits two events with all needs on every build)."""
    written: list[str] = []

    def counted(self: NeedItem) -> str:
        written.append(self["id"])
        return "NeedItem(...)"

    monkeypatch.setattr(NeedItem, "__repr__", counted)
    src = make_project(tmp_path / "src")
    out, doctrees = tmp_path / "out", tmp_path / "doctrees"
    build(src, out, doctrees)
    edit(src / "objects.md", "Leta i nyckelskåpet", "Leta noga i nyckelskåpet")
    build(src, out, doctrees)
    assert "Leta noga i nyckelskåpet" in (out / "objects.html").read_text(encoding="utf-8")
    assert written == []
