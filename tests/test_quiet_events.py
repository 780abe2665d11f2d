"""Sphinx's debug line for an event, written out only when a handler can show it
(sphinx/quiet_events.py): with ``-vv`` the line is the one Sphinx wrote, without it
no event's arguments are written out, not even sphinx-needs' dict of all needs."""

from __future__ import annotations

import logging
from pathlib import Path
from types import SimpleNamespace

import pytest
import sphinx.events
from sphinx_needs.need_item import NeedItem

from lotsen.sphinx.quiet_events import quiet_repr, setup_quiet_events
from test_incremental_outputs import build, edit

from conftest import make_project


class Lines(logging.Handler):
    def __init__(self, level: int) -> None:
        super().__init__(level)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


class Counted:
    def __init__(self) -> None:
        self.written = 0

    def __repr__(self) -> str:
        self.written += 1
        return "Counted()"


def events_logger(monkeypatch: pytest.MonkeyPatch, level: int) -> Lines:
    """sphinx.events' logger as Sphinx sets it up: it passes debug lines, its handlers
    choose what is shown; no parent, so only this handler sees them."""
    logger = logging.Logger("lotsen-test-events", logging.DEBUG)
    handler = Lines(level)
    logger.addHandler(handler)
    monkeypatch.setattr(sphinx.events, "logger", logger)
    return handler


@pytest.mark.parametrize("level", [logging.NOTSET, logging.DEBUG, logging.INFO])
def test_writes_out_only_for_a_handler_that_takes_debug_lines(level: int, monkeypatch: pytest.MonkeyPatch) -> None:
    events_logger(monkeypatch, level)
    counted = Counted()
    args = ("doc", {"body": "<p>å\n'x'</p>"}, [1, None], counted)
    assert quiet_repr(args) == (repr(args) if level <= logging.DEBUG else "")
    assert counted.written == (2 if level <= logging.DEBUG else 0)


def test_a_parents_handler_counts_while_the_line_propagates(monkeypatch: pytest.MonkeyPatch) -> None:
    parent = logging.Logger("lotsen-test-parent", logging.DEBUG)
    parent.addHandler(Lines(logging.DEBUG))
    child = logging.Logger("lotsen-test-parent.events", logging.DEBUG)
    child.parent = parent
    child.addHandler(Lines(logging.INFO))
    monkeypatch.setattr(sphinx.events, "logger", child)
    assert quiet_repr((1,)) == "(1,)"
    child.propagate = False
    assert quiet_repr((1,)) == ""


@pytest.mark.parametrize("shown", [True, False])
def test_the_debug_line_is_sphinxs(shown: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """Shown, the line is what Sphinx's own ``repr(args)`` gave; not shown, nothing is
    written out."""
    setup_quiet_events()
    handler = events_logger(monkeypatch, logging.DEBUG if shown else logging.INFO)
    manager = sphinx.events.EventManager(SimpleNamespace(pdb=False))  # type: ignore[arg-type]
    manager.add("lotsen-test-event")
    counted = Counted()
    args = ("a", {"b": [1, "c"]}, counted)
    manager.emit("lotsen-test-event", *args)
    if shown:
        assert handler.lines == [f"[app] emitting event: 'lotsen-test-event'{args!r}"]
    else:
        assert handler.lines == [] and counted.written == 0


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
