"""sphinx-needs' objects forgotten by document through an index (sphinx/needs_purge.py).
Oracles: a walk of every object (what sphinx-needs does) for the index, and
sphinx-needs' own ``remove_doc`` for the purge, on the environment of a real build."""

from __future__ import annotations

import copy
import pickle
import types
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from sphinx_needs.data import SphinxNeedsData

from lotsen.sphinx.needs_purge import NeedsByDocument, purge_needs
from test_incremental_outputs import assert_same_site, build, edit
from test_leaks import ROUTINE

from conftest import make_project


class Need:
    """What the index reads of an object: the document in its source, as sphinx-needs' NeedItem holds it."""

    def __init__(self, docname: str | None) -> None:
        self.source = types.SimpleNamespace(dict_repr={"docname": docname})

    def is_in_document(self, docname: str) -> bool:
        return self.source.dict_repr.get("docname") == docname


DOCS = ["a", "b", "c/d", None]
ids = st.sampled_from(["R-1", "R-2", "R-3", "K-1", "K-2"])
needs = st.builds(Need, st.sampled_from(DOCS))
operations = st.lists(st.one_of(
    st.tuples(st.just("set"), ids, needs), st.tuples(st.just("del"), ids), st.tuples(st.just("pop"), ids),
    st.tuples(st.just("popitem")), st.tuples(st.just("setdefault"), ids, needs),
    st.tuples(st.just("update"), st.dictionaries(ids, needs, max_size=3)), st.tuples(st.just("clear")),
    st.tuples(st.just("pickle")), st.tuples(st.just("copy"))), max_size=25)


@settings(derandomize=True, database=None, deadline=None, max_examples=400)
@given(operations=operations)
def test_the_index_names_the_objects_a_walk_of_all_finds(operations: list[tuple]) -> None:
    indexed, plain = NeedsByDocument(), {}
    for operation in operations:
        name, *args = operation
        if name in ("del", "pop") and args[0] not in plain:
            continue
        if name == "popitem" and not plain:
            continue
        if name == "pickle":
            indexed = pickle.loads(pickle.dumps(indexed))
        elif name == "copy":
            indexed = copy.copy(indexed)
        elif name == "del":
            del indexed[args[0]]
            del plain[args[0]]
        elif name == "popitem":
            assert indexed.popitem()[0] == plain.popitem()[0]
        else:
            assert getattr(indexed, {"set": "__setitem__"}.get(name, name))(*args) is not None or name != "pop"
            getattr(plain, {"set": "__setitem__"}.get(name, name))(*args)
        assert list(indexed) == list(plain)
        for docname in DOCS:
            walked = sorted(key for key, need in plain.items() if need.is_in_document(docname))
            assert sorted(indexed.in_document(docname)) == walked, (operation, docname)


def test_purges_what_sphinx_needs_purges_in_a_built_environment(tmp_path: Path) -> None:
    """Each document of a real build purged both ways, from the same environment:
    the objects, their nodes and the lists of documents come out the same."""
    src = make_project(tmp_path / "src", MORE)
    build(src, tmp_path / "out", tmp_path / "doctrees")
    data = (tmp_path / "doctrees" / "environment.pickle").read_bytes()
    env = pickle.loads(data)
    docnames = sorted({need.source.dict_repr["docname"] for need in env._needs_all_needs.values()})
    assert len(docnames) >= 3 and isinstance(env._needs_all_needs, NeedsByDocument)
    for docname in docnames:
        theirs, ours = (types.SimpleNamespace(**vars(pickle.loads(data))) for _ in range(2))
        theirs._needs_all_needs = dict(theirs._needs_all_needs)
        SphinxNeedsData(theirs).remove_doc(docname)
        purge_needs(None, ours, docname)
        assert list(ours._needs_all_needs) == list(theirs._needs_all_needs), docname
        assert len(ours._needs_all_needs) < len(env._needs_all_needs), docname
        assert sorted(ours._needs_all_nodes) == sorted(theirs._needs_all_nodes), docname
        assert ours._needs_all_docs == theirs._needs_all_docs, docname


def test_a_plain_dict_gets_the_index_at_the_first_purge() -> None:
    env = types.SimpleNamespace(_needs_all_needs={"R-1": Need("a"), "R-2": Need("b")}, _needs_all_nodes={},
                                _needs_all_docs={"all": ["a", "b"]})
    purge_needs(None, env, "a")
    assert isinstance(env._needs_all_needs, NeedsByDocument)
    assert list(env._needs_all_needs) == ["R-2"] and env._needs_all_docs == {"all": ["b"]}


def routine(need_id: str, title: str) -> str:
    """A published routine of the base project, as tests/test_leaks.py plants one."""
    return ROUTINE.format(status="fastställd", step="Gör så här.").replace("RUT-HT-050", need_id).replace(
        "Ny rutin", title)


MORE = {"flytt/a.md": routine("RUT-HT-101", "Flyttad rutin"), "flytt/c.md": routine("RUT-HT-102", "Annan rutin")}


def test_an_object_moved_between_documents_and_back_builds_as_a_clean_build(tmp_path: Path) -> None:
    """An object moved to another file, then back and the other file removed (its
    purge must not take the object from the file it is back in): each incremental
    build equals a clean build of the same sources."""
    src = make_project(tmp_path / "src", MORE)
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        # as the sample's conf.py: Sphinx's own search index and copies of the sources
        # keep a removed file's words and text after an incremental build
        conf.write('html_theme = "lotsen"\nhtml_copy_source = False\n')
    out, doctrees = tmp_path / "out", tmp_path / "doctrees"
    build(src, out, doctrees)
    (src / "flytt" / "b.md").write_text(MORE["flytt/a.md"], encoding="utf-8")  # the object in two files
    edit(src / "flytt" / "a.md", ":id: RUT-HT-101", ":id: RUT-HT-103")
    build(src, out, doctrees)
    build(src, tmp_path / "clean1" / "out", tmp_path / "clean1" / "doctrees")
    assert_same_site(out, tmp_path / "clean1" / "out")
    edit(src / "flytt" / "a.md", ":id: RUT-HT-103", ":id: RUT-HT-101")  # back: the same ID in two files
    (src / "flytt" / "b.md").unlink()
    build(src, out, doctrees)
    clean = tmp_path / "clean"
    build(src, clean / "out", clean / "doctrees")
    assert_same_site(out, clean / "out")
