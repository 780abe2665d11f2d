"""The search index in two parts, so that an edit indexes what it changed.

Pagefind cannot update an index: it indexes every page it is given again (at XL,
8.6 s of an edit's 17 s). Here the index has a base, made from every marked page, and
a part of changes (``pagefind/andrat/``), made from the marked pages that differ
from those the base was made from. The search merges both (Pagefind's
``mergeIndex``, which shares the base's WebAssembly) and leaves out the base's hits
on pages the part of changes replaces or that are gone: ``pagefind/lotsen-delar.json``
names the part and those hits (static/lotsen.js). Pagefind names a page's hits by its
content, so a page written again with the same text has the same ID in both: it is
not replaced, and the search shows it once.

1. A build whose marked pages all equal the base's needs no part and runs no Pagefind.
2. The part of changes holds every page changed since the base, not only this
   build's, so each build makes it again from the same rule.
3. Pagefind searches each part for itself, and for a word a part lacks it takes that
   part's nearest shorter word ("halt" finds "ha"). So that the part of changes never
   does that for a word the base has, it also holds a page of every word of the base
   (``WORDS_PAGE``), whose hits are left out like those of replaced pages. What stays
   different from a single index: a word only the part has makes the base add hits
   on its nearest shorter word, and a word only replaced pages had finds nothing, where
   a single index would again take the nearest shorter word. Both last until the base
   is made again (the next clean build, every publish, or when the changes grow).
4. The base is made again, whole, when there is none, when the base on disk is not
   the one recorded, or when the changes come to more than an eighth of its pages: a
   part that large costs the phone more than it saves the build. A clean build always
   makes the base alone.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from lotsen.cache import read_kept
from lotsen.site.search_stable import SIGNATURE

#: Under the bundle: the part of changes, and what the search reads to find it.
CHANGES = "andrat"
PARTS = "lotsen-delar.json"
#: Beside the doctrees: the pages the base was made from, and its hit IDs; and every
#: word of the base's text.
RECORD = "lotsen-search-base.json"
WORDS = "lotsen-search-words.txt"
#: In the part of changes: a page of every word of the base (its hits are left out).
WORDS_PAGE = "_lotsen/ord.html"
#: The base is made again when the changes come to more than this share of it.
SHARE = 8
#: What a part of changes does not need: the base's scripts and WebAssembly serve it.
_UNUSED_IN_PART = (".js", ".css", ".pagefind")


@dataclass(frozen=True)
class Plan:
    """What this build's search index is made of. ``whole``: the base, from every
    marked page. Otherwise ``changed``: the marked pages for the part of changes (none:
    no part), and ``replaced``: the base's pages it replaces or that are gone."""

    whole: bool
    changed: tuple[str, ...] = ()
    replaced: tuple[str, ...] = ()


def plan(bundle: Path, record_path: Path, marks: dict[str, tuple[int, int]]) -> Plan:
    """The index for the marked pages ``marks`` (name -> time and size), given the base
    recorded in ``record_path`` and the bundle on disk."""
    record = read_kept(record_path)
    base = record.get("pages")
    if not isinstance(base, dict) or not base or record.get("entry") != _entry_digest(bundle):
        return Plan(whole=True)
    changed = tuple(name for name, stamp in marks.items() if base.get(name) != list(stamp))
    gone = tuple(name for name in base if name not in marks)
    if len(changed) + len(gone) > len(base) // SHARE:
        return Plan(whole=True)
    return Plan(whole=False, changed=changed, replaced=tuple(sorted({*gone, *(n for n in changed if n in base)})))


def unchanged_part(bundle: Path, record_path: Path, marks: dict[str, tuple[int, int]], chosen: Plan) -> bool:
    """Whether the part of changes on disk was made from exactly these pages, and
    replaces exactly these."""
    return (not chosen.whole and (bundle / PARTS).is_file()
            and read_kept(record_path).get("part") == _part_record(marks, chosen))


def _part_record(marks: dict[str, tuple[int, int]], chosen: Plan) -> dict:
    return {"pages": {name: list(marks[name]) for name in chosen.changed}, "replaced": list(chosen.replaced)}


def lay_out_part(scratch: Path, part: Path, changed: tuple[str, ...], words: Path) -> None:
    """``part`` holds the laid-out copies (in ``scratch``) of the changed pages, at their
    paths (hard links where the file system allows, copies where not), and a page of
    every word of the base (``WORDS_PAGE``, from ``words``)."""
    shutil.rmtree(part, ignore_errors=True)
    for name in changed:
        target = part / name
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(scratch / name, target)
        except OSError:
            shutil.copyfile(scratch / name, target)
    page = part / WORDS_PAGE
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(f'<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>-</title></head>'
                    f"<body><main data-pagefind-body>{html.escape(words.read_text(encoding='utf-8'))}</main>"
                    f"</body></html>\n", encoding="utf-8")


def prepare_part(bundle: Path, record_path: Path) -> Path:
    """What a part of changes needs of its base, read from the base's fragments once:
    each page's hit ID (in the record) and every word of its text (a file beside it,
    which is returned)."""
    words_path = record_path.with_name(WORDS)
    record = read_kept(record_path)
    if isinstance(record.get("ids"), dict) and words_path.is_file():
        return words_path
    ids, words = {}, set()
    for hit_id, fragment in _fragments(bundle):
        words.update(fragment.get("content", "").split())
        url = fragment["url"]
        for name in {url.lstrip("/"), unquote(url).lstrip("/")}:
            ids[name + "index.html" if name.endswith("/") or not name else name] = hit_id
    words_path.write_text(" ".join(sorted(words)), encoding="utf-8")
    record["ids"] = ids
    _write(record_path, record)
    return words_path


def start_over(bundle: Path, record_path: Path, chosen: Plan) -> None:
    """Before Pagefind runs: what it replaces goes, and the record no longer holds until
    the index it describes is done."""
    if chosen.whole:
        record_path.unlink(missing_ok=True)
        record_path.with_name(WORDS).unlink(missing_ok=True)
        shutil.rmtree(bundle, ignore_errors=True)  # Pagefind never removes old files
    else:
        shutil.rmtree(bundle / CHANGES, ignore_errors=True)
        (bundle / PARTS).unlink(missing_ok=True)
        record = read_kept(record_path)
        record.pop("part", None)
        _write(record_path, record)


def finish(bundle: Path, record_path: Path, marks: dict[str, tuple[int, int]], chosen: Plan) -> None:
    """After Pagefind has made (and ``stabilise`` settled) what ``chosen`` asked for:
    the record and ``lotsen-delar.json`` say what the index is now."""
    if chosen.whole:
        _write(record_path, {"pages": {n: list(s) for n, s in marks.items()}, "entry": _entry_digest(bundle)})
        _write(bundle / PARTS, {"changes": None, "replaced": []})
        return
    prepare_part(bundle, record_path)
    record = read_kept(record_path)
    ids = _ids(record)
    in_part: dict[str, str] = {}  # hit ID -> address
    if chosen.changed:
        for path in (bundle / CHANGES).iterdir():
            if path.is_file() and path.name.endswith(_UNUSED_IN_PART):
                path.unlink()
        in_part = {hit_id: fragment["url"] for hit_id, fragment in _fragments(bundle / CHANGES)}
    record["part"] = _part_record(marks, chosen)
    _write(record_path, record)
    # A page written again with the same text has the same hits in both parts (Pagefind
    # names them by content): those are kept, and the search shows them once.
    replaced = sorted({*(ids[name] for name in chosen.replaced if name in ids and ids[name] not in in_part),
                       *(hit_id for hit_id, url in in_part.items() if url == "/" + WORDS_PAGE)})
    _write(bundle / PARTS, {"changes": CHANGES + "/" if chosen.changed else None, "replaced": replaced})


def _fragments(bundle: Path) -> Iterator[tuple[str, dict]]:
    """Each page of a bundle: the ID of its hits, and what Pagefind keeps of it (its
    address and text)."""
    for path in sorted((bundle / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        yield path.stem, json.loads(data[len(SIGNATURE):] if data.startswith(SIGNATURE) else data)


def base_ids(record_path: Path) -> dict[str, str]:
    """Each page of the base -> the ID of its hits (its fragment's name), as
    ``prepare_part`` read them."""
    return _ids(read_kept(record_path))


def _ids(record: dict) -> dict[str, str]:
    ids = record.get("ids")
    return ids if isinstance(ids, dict) else {}


def _entry_digest(bundle: Path) -> str | None:
    try:
        return hashlib.sha256((bundle / "pagefind-entry.json").read_bytes()).hexdigest()
    except OSError:
        return None


def _write(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, sort_keys=True, ensure_ascii=False), encoding="utf-8")
