"""The site holds only what exists: the output of a removed source, or of a routine
that became a draft, is gone from the pages and from the search index after the next
build, fresh (as `make html` builds) or incremental."""

from __future__ import annotations

import gzip
import re
import subprocess
from pathlib import Path

import pytest

from conftest import build_in_process, make_project, sphinx_build

REMOVED = "routines/ht/rut-ht-010.md"  # the one routine about a heat wave
REMOVED_WORD = "värmebölja"
DRAFTED = "routines/lss/rut-lss-006.md"
DRAFTED_WORD = "brandlarmets"


def search_fragments(site: Path) -> list[str]:
    """The text of every Pagefind fragment (gzip, a signature, then JSON)."""
    return [gzip.decompress(p.read_bytes()).decode("utf-8", "replace")
            for p in (site / "pagefind" / "fragment").glob("*.pf_fragment")]


def pages_with(site: Path, word: str) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if word in p.read_text(encoding="utf-8").casefold())


def incremental_build(src: Path) -> subprocess.CompletedProcess[str]:
    """`sphinx-build` without -E and -a (and without lotsen_pdf), in this process."""
    return build_in_process(["-b", "html", "-W", "--keep-going", "--no-color",
                             "-d", str(src / "_build" / "doctrees"), str(src), str(src / "_build" / "html")])


@pytest.mark.parametrize("build", [sphinx_build, incremental_build], ids=["fresh", "incremental"])
def test_removed_and_drafted_routines_leave_no_trace(built_sample: Path, build, unprinted: None) -> None:
    src = built_sample  # just after a clean build
    site = src / "_build" / "html"
    # the oracle: before, both routines are on the site and found by search
    assert "routines/ht/rut-ht-010.html" in pages_with(site, REMOVED_WORD)
    assert "routines/lss/rut-lss-006.html" in pages_with(site, DRAFTED_WORD)
    assert any(REMOVED_WORD in f.casefold() for f in search_fragments(site))
    assert any(DRAFTED_WORD in f.casefold() for f in search_fragments(site))

    (src / REMOVED).unlink()
    drafted = src / DRAFTED
    drafted.write_text(drafted.read_text(encoding="utf-8").replace(":status: fastställd", ":status: utkast", 1),
                       encoding="utf-8")
    second = build(src)
    assert second.returncode == 0, second.stderr

    assert not (site / "routines/ht/rut-ht-010.html").exists()
    assert not (site / "routines/lss/rut-lss-006.html").exists()
    assert pages_with(site, REMOVED_WORD) == []
    assert pages_with(site, DRAFTED_WORD) == []
    assert not any(REMOVED_WORD in f.casefold() or DRAFTED_WORD in f.casefold() for f in search_fragments(site))
    # what still exists is still there, and so are the generated pages and the assets
    assert (site / "routines/ht/rut-ht-008.html").is_file()
    assert (site / "index.html").is_file() and (site / "sw.js").is_file()
    assert (site / "_static" / "lotsen.css").is_file()
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert "RUT-HT-010" not in (site / "needs.json").read_text(encoding="utf-8")


def test_generated_pages_survive_a_build_that_writes_nothing(built_sample: Path) -> None:
    src = built_sample  # just after a clean build
    site = src / "_build" / "html"
    before = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    again = incremental_build(src)
    assert again.returncode == 0, again.stderr
    after = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    # sphinx-needs writes permalink.html on every build; site/theme.py removes it only
    # when pages were written (a known leftover, not a page of a document)
    assert [p for p in after if p != "permalink.html"] == before


def test_a_build_that_writes_no_page_leaves_no_page_of_sphinx_needs(tmp_path: Path) -> None:
    """sphinx-needs writes its permalink page (with inline script) and its schema report
    (with timings) on every build, one that writes no page too (the same sources
    again, from a program: only a build from the command line ends early)."""
    src = make_project(tmp_path / "src")
    (src / "conf.py").write_text((src / "conf.py").read_text(encoding="utf-8") + 'html_theme = "lotsen"\n',
                                 encoding="utf-8")
    out, doctrees = tmp_path / "out", tmp_path / "doctrees"
    for today in ("2030-06-01", "2030-06-01", "2030-06-02"):
        result = build_in_process(["-b", "html", "-q", "-d", str(doctrees), str(src), str(out)], today=today)
        assert result.returncode == 0, result.stderr
        assert (out / "index.html").is_file()
        assert not (out / "permalink.html").exists()
        assert not (out / "schema_violations.json").exists()


@pytest.mark.parametrize("link_suffix", [".txt", ".md"])
def test_a_removed_or_drafted_files_copy_of_its_source_is_removed(tmp_path: Path, link_suffix: str) -> None:
    """With Sphinx's default ``html_copy_source``, every page's source is copied to
    ``_sources``: the copy of a removed file, and of a file whose only routine became a
    draft, must go with its page, whatever ``html_sourcelink_suffix`` is."""
    objects = (Path(__file__).parent / "fixtures" / "base" / "objects.md").read_text(encoding="utf-8")
    block = re.search(r"```\{rutin\} Nyckel saknas\n.*?\n```\n", objects, re.S)[0]
    routine = "# Utkast\n\n" + block.replace("RUT-HT-001", "RUT-HT-201").replace("Nyckel saknas", "Larmet tjuter")
    src = make_project(tmp_path / "src", {"gone.md": "# Borta\n\nEn sida som tas bort.\n", "utkast.md": routine})
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(f'html_sourcelink_suffix = "{link_suffix}"\n')
    out = src / "_build" / "html"
    copy = {".txt": "{}.md.txt", ".md": "{}.md"}[link_suffix]
    first = incremental_build(src)
    assert first.returncode == 0, first.stderr
    for name in ("gone", "utkast", "objects", "index"):
        assert (out / "_sources" / copy.format(name)).is_file(), name  # the oracle: all are copied
    (src / "gone.md").unlink()
    drafted = src / "utkast.md"
    drafted.write_text(drafted.read_text(encoding="utf-8").replace(":status: fastställd", ":status: utkast"),
                       encoding="utf-8")
    second = incremental_build(src)
    assert second.returncode == 0, second.stderr
    assert not (out / "gone.html").exists() and not (out / "utkast.html").exists()
    assert not (out / "_sources" / copy.format("gone")).exists()
    assert not (out / "_sources" / copy.format("utkast")).exists()
    assert (out / "_sources" / copy.format("objects")).is_file()
    assert (out / "_sources" / copy.format("index")).is_file()
