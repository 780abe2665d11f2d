"""The pages of objects are written first; which pages of no object (report and start
pages) to write again is worked out after them (sphinx/write_order.py,
sphinx/incremental.py): after an edit, and after an object nothing links to is
removed, they are those of a clean build."""

from __future__ import annotations

from pathlib import Path

from conftest import build_in_process, make_project

REPORT = "# Spårbarhet\n\n```{lotsen-rapport} sparbarhet\n```\n"
# an object nothing links to, on a page no toctree lists
EXTRA = """---
orphan: true
---

# Ett krav till

```{krav} Journalen ska föras utan dröjsmål
:id: KRAV-EXTRA-1
:källa: SoL 11 kap. 5 §
:kravtyp: lag

Dokumentationen ska föras utan dröjsmål.
```
"""
INDEX = "# Testsystem\n\n```{toctree}\nobjects\nrapport\n```\n"


def build(src: Path, out: Path, doctrees: Path, *extra: str) -> None:
    result = build_in_process(["-b", "html", "-q", *extra, "-d", str(doctrees), str(src), str(out)])
    assert result.returncode == 0, result.stderr[-3000:]


def test_a_report_page_is_written_again_when_an_object_nothing_links_to_is_removed(tmp_path: Path) -> None:
    src = make_project(tmp_path / "src", {"index.md": INDEX, "rapport.md": REPORT, "extra.md": EXTRA})
    (src / "conf.py").write_text((src / "conf.py").read_text(encoding="utf-8") + 'html_theme = "lotsen"\n',
                                 encoding="utf-8")
    out, doctrees = tmp_path / "out", tmp_path / "doctrees"
    build(src, out, doctrees)
    assert "KRAV-EXTRA-1" in (out / "rapport.html").read_text(encoding="utf-8")
    pages = {p: p.stat().st_mtime_ns for p in out.glob("*.html")}

    (src / "extra.md").unlink()
    build(src, out, doctrees)
    build(src, tmp_path / "clean", tmp_path / "clean-doctrees", "-E", "-a")

    written = {p.name for p, t in pages.items() if p.is_file() and p.stat().st_mtime_ns != t}
    assert "rapport.html" in written
    assert "KRAV-EXTRA-1" not in (out / "rapport.html").read_text(encoding="utf-8")
    assert (out / "rapport.html").read_bytes() == (tmp_path / "clean" / "rapport.html").read_bytes()


def test_after_an_edit_the_report_pages_are_those_of_a_clean_build(tmp_path: Path) -> None:
    src = make_project(tmp_path / "src", {"index.md": INDEX, "rapport.md": REPORT})
    (src / "conf.py").write_text((src / "conf.py").read_text(encoding="utf-8") + 'html_theme = "lotsen"\n',
                                 encoding="utf-8")
    out, doctrees = tmp_path / "out", tmp_path / "doctrees"
    build(src, out, doctrees)
    objects = src / "objects.md"
    objects.write_text(objects.read_text(encoding="utf-8").replace("{krav} Rutiner ska finnas", "{krav} Rutiner ska finnas skriftligt"),
                       encoding="utf-8")
    build(src, out, doctrees)
    build(src, tmp_path / "clean", tmp_path / "clean-doctrees", "-E", "-a")
    for name in ("rapport.html", "index.html", "objects.html"):
        assert (out / name).read_bytes() == (tmp_path / "clean" / name).read_bytes(), name
    assert "Rutiner ska finnas skriftligt" in (out / "rapport.html").read_text(encoding="utf-8")
