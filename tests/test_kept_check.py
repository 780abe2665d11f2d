"""The whole check is kept while nothing it reads has changed (checks/kept.py): its key
changes with every file a check could see, and never with the build's own output."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from lotsen import cache as build_cache
from lotsen.checks.kept import check_kept, check_key, project_key
from lotsen.checks.pipeline import check
from lotsen.model import load_model
from lotsen.source.files import content_files

from conftest import make_project


def test_the_key_follows_every_file_a_check_could_see(tmp_path: Path) -> None:
    root = make_project(tmp_path / "proj")
    out = tmp_path / "proj" / "ut"  # a build's output under the root, named as the build likes
    key = project_key(root, [out])
    page = sorted(root.rglob("*.md"))[0]
    text = page.read_text(encoding="utf-8")
    (root / "_build" / "doctrees").mkdir(parents=True)
    (root / "_build" / "doctrees" / "x.pickle").write_bytes(b"1")
    out.mkdir()
    (out / "index.html").write_text("<p>", encoding="utf-8")
    assert project_key(root, [out]) == key  # the build's own files are no input
    changes = [
        lambda: page.write_text(text + "\nEn rad till.\n", encoding="utf-8"),
        lambda: page.rename(page.with_name("omdopt.md")),
        lambda: (root / "bild.png").write_bytes(b"\x89PNG"),  # a page may fetch it
        lambda: (root / "statistik.csv").write_text("a;b\n", encoding="utf-8"),
        lambda: os.symlink(page, root / "lank.md"),
    ]
    undo = [
        lambda: page.write_text(text, encoding="utf-8"),
        lambda: page.with_name("omdopt.md").rename(page),
        lambda: (root / "bild.png").unlink(),
        lambda: (root / "statistik.csv").unlink(),
        lambda: (root / "lank.md").unlink(),
    ]
    for change, back in zip(changes, undo, strict=True):
        change()
        assert project_key(root, [out]) != key
        back()
        assert project_key(root, [out]) == key


def test_a_kept_check_gives_what_a_fresh_check_gives(tmp_path: Path, fresh_cache: None) -> None:
    root = make_project(tmp_path / "proj", {"rutiner/trasig.md": "# Trasig\n\n```{rutin} Utan ID\n```\n"})
    model = load_model(root / "lotsen.yaml")
    day = dt.date(2026, 11, 29)
    files = content_files(root)
    fresh = check(model, root, files, day)
    key = check_key(model, root, files, day, None, None)
    first = check_kept(key, model, root, files, day, None, None)
    build_cache.save(tmp_path / "kept")
    build_cache.load(tmp_path / "kept")
    again = check_kept(key, model, root, files, day, None, None)
    assert fresh.findings, "the broken routine is reported"
    for kept in (first, again):
        assert kept.findings == fresh.findings
        assert [n.id for n in kept.needs] == [n.id for n in fresh.needs]
        assert sorted(kept.index.by_id) == sorted(fresh.index.by_id)
    assert again.built is not None and build_cache._results[key].built is None  # no index is kept
    for kept in (first, again):
        assert kept.needs == fresh.needs  # every field of every object, in order
    # kept without its objects, which the files' kept parts hold
    assert build_cache._results[key].needs == [] and len(build_cache._results[key].parts) == len(fresh.parts)
    assert sum(len(build_cache._results[part].needs) for part in fresh.parts) == len(fresh.needs)


def test_a_kept_check_whose_file_part_is_gone_is_checked_again(tmp_path: Path, fresh_cache: None) -> None:
    root = make_project(tmp_path / "proj")
    model = load_model(root / "lotsen.yaml")
    day = dt.date(2026, 11, 29)
    files = content_files(root)
    fresh = check(model, root, files, day)
    key = check_key(model, root, files, day, None, None)
    check_kept(key, model, root, files, day, None, None)
    assert fresh.parts
    del build_cache._results[fresh.parts[0]]  # a results file damaged by hand, say
    again = check_kept(key, model, root, files, day, None, None)
    assert again.needs == fresh.needs and again.findings == fresh.findings


def test_a_file_a_page_includes_is_checked_again_when_it_changes(tmp_path: Path, fresh_cache: None) -> None:
    """Any file may be included in a page, and its text is checked for personal data:
    a kept check must not hide a personnummer written into it later."""
    root = make_project(tmp_path / "proj", {"lista.md": "# Lista\n\n```{literalinclude} data.log\n```\n",
                                            "data.log": "rad ett\n"})
    model = load_model(root / "lotsen.yaml")
    day = dt.date(2026, 11, 29)
    files = content_files(root)

    def kept_codes() -> list[str]:
        key = check_key(model, root, files, day, None, None)
        return [f.code for f in check_kept(key, model, root, files, day, None, None).findings]

    assert "personal_number" not in kept_codes()
    included = root / "data.log"
    before = included.stat()
    included.write_text("rad ett\nkontakt 19121212-1212\n", encoding="utf-8")
    os.utime(included, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
    assert "personal_number" in kept_codes()
    assert kept_codes() == [f.code for f in check(model, root, files, day).findings]
