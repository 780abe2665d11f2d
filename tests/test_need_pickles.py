"""sphinx-needs' frozen dataclasses pickled by Lotsen's quicker ``__reduce__``
(sphinx/need_pickles.py): the same objects come back, those of an environment pickled
before are still read, and a class of another form keeps the generic code."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest
from sphinx_needs import need_item

from lotsen.sphinx import need_pickles


def _link() -> need_item.NeedLink:
    return need_item.NeedLink(id="RUT-1", part="a", condition="x")


def test_the_classes_pickle_by_lotsens_reduce() -> None:
    need_pickles.setup_need_pickles()
    for name in need_pickles.CLASSES:
        cls = getattr(need_item, name)
        assert "__reduce__" in cls.__dict__, name
    assert pickle.dumps(_link(), pickle.HIGHEST_PROTOCOL).count(b"_restore") == 1


def test_the_same_object_comes_back() -> None:
    """Every field, the one not given to ``__init__`` (a link's filter string) too."""
    need_pickles.setup_need_pickles()
    link = _link()
    for back in (pickle.loads(pickle.dumps(link, pickle.HIGHEST_PROTOCOL)), copy.copy(link), copy.deepcopy(link)):
        assert back == link and type(back) is need_item.NeedLink
        assert [getattr(back, s) for s in back.__slots__] == [getattr(link, s) for s in link.__slots__]
        assert back._filter_string == "RUT-1.a"
    content = need_item.NeedsContent(doctype=".md", content="Text", pre_content=None, post_content=None)
    assert pickle.loads(pickle.dumps(content)) == content


def test_a_pickle_made_before_is_still_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """The generic pickle of a dataclass (``_dataclass_getstate``) is read as before."""
    need_pickles.setup_need_pickles()
    link = _link()
    monkeypatch.delattr(need_item.NeedLink, "__reduce__")
    before = pickle.dumps(link, pickle.HIGHEST_PROTOCOL)
    monkeypatch.undo()
    assert b"_restore" not in before and "__reduce__" in need_item.NeedLink.__dict__
    back = pickle.loads(before)
    assert back == link and back._filter_string == "RUT-1.a"


@dataclasses.dataclass(frozen=True)
class _NoSlots:
    a: int


@dataclasses.dataclass(slots=True)
class _NotFrozen:
    a: int


def test_only_frozen_dataclasses_whose_slots_are_their_fields() -> None:
    assert need_pickles.fast_reducible(need_item.NeedLink)
    assert not need_pickles.fast_reducible(_NoSlots)
    assert not need_pickles.fast_reducible(_NotFrozen)
    assert not need_pickles.fast_reducible(int)
