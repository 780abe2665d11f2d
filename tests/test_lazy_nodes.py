"""sphinx-needs' need nodes kept pickled between builds (sphinx/lazy_nodes.py): the dict
answers as the plain dict sphinx-needs made, pickles only the nodes it has not pickled
yet, and a page with ``needextract`` is the same after an incremental build, serial or
with ``-j 2``, as after a clean one."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest
from docutils import nodes

from lotsen.sphinx.lazy_nodes import LazyNodes
from test_incremental_outputs import assert_same_site, build, edit

from conftest import make_project


def node(text: str) -> nodes.Element:
    return nodes.container("", nodes.paragraph(text, text), ids=[text])


def same(got: nodes.Node, want: nodes.Node) -> None:
    assert got.pformat() == want.pformat()


def test_reads_writes_and_merges_as_a_dict() -> None:
    lazy = LazyNodes({"A": node("a")}, B=node("b"))
    lazy["C"] = node("c")
    assert "A" in lazy and "X" not in lazy and len(lazy) == 3 and list(lazy) == ["A", "B", "C"]
    del lazy["C"]
    assert "C" not in lazy
    with pytest.raises(KeyError):
        lazy["C"]
    restored = pickle.loads(pickle.dumps(lazy, pickle.HIGHEST_PROTOCOL))
    assert type(restored) is LazyNodes and isinstance(restored.stored("A"), bytes)
    same(restored["A"], node("a"))
    same(restored.get("B"), node("b"))
    assert restored.get("X") is None and restored.get("X", 1) == 1
    assert [key for key, _ in restored.items()] == ["A", "B"] and len(restored.items()) == 2
    for got, want in zip(restored.values(), [node("a"), node("b")], strict=True):
        same(got, want)
    same(restored.pop("B"), node("b"))
    assert restored.pop("B", None) is None and "B" not in restored
    # merge_data (-j 2): the worker's dict, pickled back, updates the main one
    main = LazyNodes({"A": node("old")})
    main.update(restored, D=node("d"))
    main.update({"E": node("e")})
    assert list(main) == ["A", "D", "E"] and isinstance(main.stored("A"), bytes)
    same(main["A"], node("a"))
    same(main.copy()["E"], node("e"))


def test_pickles_only_new_nodes() -> None:
    """Bytes stay the bytes they were; a node set after a load is pickled at the next."""
    once = pickle.loads(pickle.dumps(LazyNodes({"A": node("a"), "B": node("b")})))
    kept = once.stored("A")
    once["B"] = node("b2")
    assert isinstance(once.stored("B"), nodes.Element)
    twice = pickle.loads(pickle.dumps(once))
    assert once.stored("A") is kept and twice.stored("A") == kept
    same(twice["B"], node("b2"))
    # every read is a node of its own, as get_need_node's copy is
    assert twice["A"] is not twice["A"]


EXTRACT = "# Utdrag\n\nRutinen som den står:\n\n```{needextract}\n:filter: id == 'RUT-HT-001'\n```\n"
OTHER = "# Annat\n\nEn sida utan objekt.\n"


@pytest.mark.parametrize("jobs", [(), ("-j", "2")], ids=["serial", "parallel"])
def test_needextract_after_an_edit_equals_a_clean_build(tmp_path: Path, jobs: tuple[str, ...]) -> None:
    """The routine's node is read from its pickled bytes when another page, and then the
    extracting page itself, changed: each time the site is a clean build's."""
    src = make_project(tmp_path / "src", {"extract.md": EXTRACT, "other.md": OTHER})
    out, doctrees = tmp_path / "out", tmp_path / "doctrees"
    build(src, out, doctrees, *jobs)
    assert "Leta i nyckelskåpet" in (out / "extract.html").read_text(encoding="utf-8")
    for path, old, new in ((src / "other.md", "En sida", "En ändrad sida"),
                           (src / "extract.md", "som den står", "som den står i dag")):
        edit(path, old, new)
        build(src, out, doctrees, *jobs)
        with (doctrees / "environment.pickle").open("rb") as f:
            stored = pickle.load(f)._needs_all_nodes
        assert isinstance(stored, LazyNodes) and isinstance(stored.stored("RUT-HT-001"), bytes)
        clean = tmp_path / f"clean-{path.stem}"
        shutil.copytree(src, clean / "src")
        build(clean / "src", clean / "out", clean / "doctrees")
        assert_same_site(out, clean / "out")
