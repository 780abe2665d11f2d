"""What a build writes follows the change: after an edit, an incremental build leaves
every page, export and needs.json exactly as a clean build of the edited sources
gives them, while files whose content did not change are not written again."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from openpyxl import load_workbook

from lotsen import processes

from conftest import PLAIN, build_in_process, copy_sample

#: Written by the search indexer (a separate program, started on every changed site).
#: After an edit it is a base and a part of the changes, where a clean build makes the
#: base alone (site/search_parts.py): tests/test_search_parts.py compares what the two
#: find. offline.json lists its files, so that list is left out of the comparison too.
NOT_COMPARED = ("pagefind",)
_SEARCH_FILES = ("search", "search_bytes")


def build(src: Path, out: Path, doctrees: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """An incremental build (no -E, no -a) into ``out`` (a first one when it is empty)."""
    result = build_in_process(["-b", "html", "-q", "--no-color", *extra, "-d", str(doctrees), str(src), str(out)])
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def files_of(out: Path) -> dict[str, Path]:
    return {p.relative_to(out).as_posix(): p for p in sorted(out.rglob("*"))
            if p.is_file() and p.relative_to(out).parts[0] not in NOT_COMPARED}


def workbook_content(path: Path) -> list[tuple]:
    """Every sheet's cells: value, number format, link and fill."""
    book = load_workbook(path)
    return [(sheet.title, [(c.coordinate, c.value, c.number_format, c.hyperlink.target if c.hyperlink else None,
                            c.hyperlink.location if c.hyperlink else None, c.fill.fgColor.rgb)
                           for row in sheet.iter_rows() for c in row])
            for sheet in book]


def assert_same_site(incremental: Path, clean: Path) -> None:
    """The incremental build's output is the clean build's, file for file."""
    got, want = files_of(incremental), files_of(clean)
    assert (sorted(set(got) - set(want)), sorted(set(want) - set(got))) == ([], [])
    for name, path in want.items():
        if name.endswith(".xlsx"):  # readable when it fails; the bytes are compared below
            assert workbook_content(got[name]) == workbook_content(path), name
        if name == "offline.json":
            assert _without_search(got[name]) == _without_search(path)
            continue
        assert got[name].read_bytes() == path.read_bytes(), name


def _without_search(path: Path) -> dict:
    return {k: v for k, v in json.loads(path.read_text(encoding="utf-8")).items() if k not in _SEARCH_FILES}


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, (path, old)
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def block(text: str, need_id: str) -> str:
    """The whole directive block (fences included) of the object ``need_id``."""
    found = re.search(r"```\{\w+\}[^\n]*\n:id: " + re.escape(need_id) + r"\n.*?\n```\n", text, re.S)
    assert found, need_id
    return found[0]


def test_edits_give_the_pages_and_exports_of_a_clean_build(plain_sample: tuple[Path, Path, Path],
                                                           clean_site: Callable[..., Path]) -> None:
    """A changed risk score, then a routine moved to another unit, process and page, a
    routine whose page alone moves, and a deleted control with its results: after each, the incremental build's output
    equals a clean build's of the same sources, workbooks and generated pages (unit
    pages, binders, browse pages, 'nytt') included."""
    src, out, doctrees = plain_sample  # just after a clean build (build() here, conftest.PLAIN)
    kvalitet = out / "docs" / "kvalitet"
    workbooks = {p.name: p.stat().st_mtime_ns for p in kvalitet.glob("*.xlsx")}

    # a risk's score: the register, the heat map and the plan change, the action list does not
    risks = src / "risks" / "ht.md"
    edit(risks, block(risks.read_text(encoding="utf-8"), "RISK-HT-01"),
         block(risks.read_text(encoding="utf-8"), "RISK-HT-01").replace(":sannolikhet: 2", ":sannolikhet: 4")
         .replace(":konsekvens: 2", ":konsekvens: 4"))
    build(src, out, doctrees)
    assert_same_site(out, clean_site(src))
    assert (kvalitet / "riskregister.xlsx").stat().st_mtime_ns != workbooks["riskregister.xlsx"]
    assert (kvalitet / "atgarder.xlsx").stat().st_mtime_ns == workbooks["atgarder.xlsx"]

    # a routine moved to another unit, process and folder (its page's address changes,
    # so do the links to it in every workbook), and a control deleted with its results
    routine = src / "routines" / "ht" / "rut-ht-005.md"
    edit(routine, ":enheter: HT", ":enheter: LSS")
    edit(routine, ":tillhör: PROC-HT-UTFORA", ":tillhör: PROC-LSS-VARDAG")
    routine.rename(src / "routines" / "lss" / "rut-ht-005.md")
    controls = src / "controls" / "ht.md"
    edit(controls, block(controls.read_text(encoding="utf-8"), "KTRL-HT-02"), "")
    (src / "results" / "2026" / "ktrl-ht-02.md").unlink()
    build(src, out, doctrees)
    assert_same_site(out, clean_site(src))
    assert not (out / "routines" / "ht" / "rut-ht-005.html").exists()
    assert "RUT-HT-005" in (out / "parm" / "lss.html").read_text(encoding="utf-8")
    assert "RUT-HT-005" not in (out / "parm" / "ht.html").read_text(encoding="utf-8")

    # a routine whose page alone moves: of the workbooks, only their links to it change
    (src / "routines" / "ht" / "rut-ht-006.md").rename(src / "routines" / "ht" / "rut-ht-006-ny.md")
    build(src, out, doctrees)
    assert_same_site(out, clean_site(src))
    assert "../../routines/ht/rut-ht-006-ny.html#RUT-HT-006" in [
        c.hyperlink.target for sheet in load_workbook(kvalitet / "revision.xlsx") for row in sheet.iter_rows()
        for c in row if c.hyperlink]


def test_new_and_removed_data_files_give_the_site_of_a_clean_build(plain_sample: tuple[Path, Path, Path],
                                                                    clean_site: Callable[..., Path]) -> None:
    """The year's figures come from files that are no pages: a new statistics or goal
    table (as `lotsen import` writes one), a new chapter's prose, and a table removed,
    each followed by an incremental build, leave the site a clean build gives."""
    src, out, doctrees = plain_sample
    statistics = src / "statistik" / "import-2026.csv"
    outcomes = src / "indikatorer" / "import-2026.csv"
    prose = src / "berattelse" / "2026" / "samverkan.md"
    assert not prose.exists()
    steps = [
        lambda: statistics.write_text("Period;Enhet;Kategori;Antal\n2026-K3;HT;Lex Maria;50\n", encoding="utf-8"),
        lambda: outcomes.write_text("Indikator;Period;Utfall\nIND-BUM-01;2026-K4;91\n", encoding="utf-8"),
        lambda: prose.write_text("Vi samverkar med regionen kring varje ny brukare.\n", encoding="utf-8"),
        lambda: statistics.unlink(),
    ]
    for step in steps:
        before = files_of(out)
        shown = {name: path.read_bytes() for name, path in before.items() if name.endswith((".html", ".csv"))}
        step()
        build(src, out, doctrees)
        assert_same_site(out, clean_site(src))
        assert any(path.read_bytes() != shown.get(name) for name, path in files_of(out).items()
                   if name in shown), "the step changes what the site shows"


def test_pages_that_name_an_object_follow_it(plain_sample: tuple[Path, Path, Path],
                                            clean_site: Callable[..., Path]) -> None:
    """A page's text names objects by ID (a link to the object's page) and by {need}
    (a link that shows the title): when the object's page is renamed, it moves to
    another folder, or its title changes, an incremental build gives the site a clean
    build gives."""
    src, out, doctrees = plain_sample
    named_in = out / "routines" / "ht" / "rut-ht-001.html"
    assert 'href="rut-ht-002.html#RUT-HT-002"' in named_in.read_text(encoding="utf-8")
    (src / "routines" / "ht" / "rut-ht-002.md").rename(src / "routines" / "ht" / "nyckel-saknas.md")
    (src / "routines" / "flyttat").mkdir()
    (src / "routines" / "ht" / "rut-ht-003.md").rename(src / "routines" / "flyttat" / "rut-ht-003.md")
    build(src, out, doctrees)
    assert_same_site(out, clean_site(src))
    assert 'href="nyckel-saknas.html#RUT-HT-002"' in named_in.read_text(encoding="utf-8")
    routine = src / "routines" / "ekb" / "rut-ekb-002.md"
    title = re.search(r"(?m)^```\{rutin\} (.+)$", routine.read_text(encoding="utf-8"))[1]
    edit(routine, f"{{rutin}} {title}", "{rutin} Nödprövning samma dag, ny titel")
    build(src, out, doctrees)
    assert_same_site(out, clean_site(src))
    assert "Nödprövning samma dag, ny t" in (out / "routines" / "ekb" / "rut-ekb-001.html").read_text(encoding="utf-8")


def test_a_new_day_and_a_new_year_give_the_site_of_a_clean_build(plain_sample: tuple[Path, Path, Path],
                                                                  clean_site: Callable[..., Path]) -> None:
    """What a page shows depends on the day (a review overdue, the year's reports and
    papers): the first build of a new day, then of a new year, leaves the site a clean
    build of that day gives, with nothing left of the day before (Sphinx's copy of its
    last build record included)."""
    src, out, doctrees = plain_sample
    for today in ("2026-11-23", "2027-01-04"):
        result = build_in_process([*PLAIN, "-d", str(doctrees), str(src), str(out)], today)
        assert result.returncode == 0, result.stderr[-3000:]
        assert_same_site(out, clean_site(src, today))


def test_papers_are_written_with_lotsen_pdf_only_and_again_only_when_changed(tmp_path: Path) -> None:
    """The nämnd's papers as PDF and Word: written by `make html` (-D lotsen_pdf=1) and
    linked from their pages, not made again while the paper is the same; a build
    without it links none and leaves none behind."""
    src = copy_sample(tmp_path / "src")
    out, doctrees = tmp_path / "out", tmp_path / "doctrees"
    build(src, out, doctrees, "-D", "lotsen_pdf=1")
    kvalitet = out / "docs" / "kvalitet"
    files = sorted(p.name for p in kvalitet.glob("*") if p.suffix in (".pdf", ".docx"))
    assert files and len(files) % 2 == 0
    page = (kvalitet / "internkontrollplan.html").read_text(encoding="utf-8")
    assert re.search(r'href="internkontrollplan-\d{4}\.docx"', page)
    kept = {name: (kvalitet / name).stat().st_mtime_ns for name in files}

    # an edit that no paper shows (a routine's step): no paper file is written again
    routine = src / "routines" / "ht" / "rut-ht-005.md"
    edit(routine, "Kvittera larmet i telefonen direkt.", "Kvittera larmet direkt i telefonen.")
    build(src, out, doctrees, "-D", "lotsen_pdf=1")
    assert {name: (kvalitet / name).stat().st_mtime_ns for name in files} == kept

    # a routine's title, which the management review lists: its Word file is written
    # again, as a clean build writes it
    edit(routine, "Åka på trygghetslarm", "Åka på larm från trygghetstelefon", count=2)
    build(src, out, doctrees, "-D", "lotsen_pdf=1")
    clean = tmp_path / "clean"
    build(src, clean, tmp_path / "clean-doctrees", "-D", "lotsen_pdf=1")
    for name in files:
        if name.endswith(".docx"):
            assert (kvalitet / name).read_bytes() == (clean / "docs" / "kvalitet" / name).read_bytes(), name
    assert any((kvalitet / name).stat().st_mtime_ns != kept[name] for name in files if name.endswith(".docx"))

    # without lotsen_pdf (a preview, a bare sphinx-build): no files, no links
    build(src, out, doctrees)
    assert not [p for p in kvalitet.glob("*") if p.suffix in (".pdf", ".docx")]
    page = (kvalitet / "internkontrollplan.html").read_text(encoding="utf-8")
    assert ".docx" not in page and ".pdf" not in page
    shutil.rmtree(clean)


def test_an_edit_writes_again_only_the_generated_pages_that_show_it(plain_sample: tuple[Path, Path, Path],
                                                                    clean_site: Callable[..., Path]) -> None:
    """A routine's new title: of the generated pages (per unit, binder, per role), exactly
    those that show the routine are written again, and the site is a clean build's; so
    are its processes' pages, whose overviews list it. Then a control in another file
    that starts to follow the routine up: the routine's processes' overviews list it,
    as a clean build's do (the overview is judged by the objects it is made from)."""
    src, out, doctrees = plain_sample  # just after a clean build
    generated = {p.relative_to(out).as_posix(): p.stat().st_mtime_ns
                 for folder in ("enhet", "parm", "roll") for p in sorted((out / folder).glob("*.html"))}
    processes = {name: (out / name).stat().st_mtime_ns for name in ("processes/proc-ht.html",
                                                                     "processes/proc-ht-utfora.html")}
    assert len(generated) > 10

    edit(src / "routines" / "ht" / "rut-ht-005.md", "Åka på trygghetslarm", "Åka på larm från trygghetstelefon",
         count=2)
    build(src, out, doctrees)
    assert_same_site(out, clean_site(src))
    written = {name for name, stamp in generated.items() if (out / name).stat().st_mtime_ns != stamp}
    showing = {name for name in generated if "Åka på larm från trygghetstelefon" in (out / name).read_text("utf-8")}
    assert showing and written == showing
    assert all((out / name).stat().st_mtime_ns != stamp for name, stamp in processes.items())

    controls = src / "controls" / "lss.md"
    edit(controls, ":följer_upp: RUT-LSS-001, RUT-LSS-005", ":följer_upp: RUT-LSS-001, RUT-LSS-005, RUT-HT-005")
    process_page = (out / "processes" / "proc-ht.html").read_text("utf-8")
    assert "KTRL-LSS-01" not in process_page
    build(src, out, doctrees)
    assert_same_site(out, clean_site(src))
    assert "KTRL-LSS-01" in (out / "processes" / "proc-ht.html").read_text("utf-8")


def test_a_new_title_writes_again_only_the_exports_it_changes(plain_sample: tuple[Path, Path, Path],
                                                              clean_site: Callable[..., Path], monkeypatch) -> None:
    """A routine's new title shows on the report pages that name the routine, not in
    their CSV and Excel files (they give its ID): a file whose bytes stay the same is
    not written again (sphinx/exports.py), and a workbook written again writes only
    the sheets of the tables that changed (reports/kept_sheets.py). A kept file
    changed or removed since it was written is written again, though what it is made
    from is the same."""
    from lotsen.reports import workbook

    src, out, doctrees = plain_sample  # just after a clean build
    kvalitet = out / "docs" / "kvalitet"
    exports = sorted([*kvalitet.glob("*.xlsx"), *kvalitet.glob("*.csv")])
    before = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in exports}
    prepared: list[str] = []
    # counted in this process: an edit's exports are otherwise made in a forked one
    monkeypatch.setenv(processes.SETTING, "1")
    original = workbook.prepare_table
    monkeypatch.setattr(workbook, "prepare_table", lambda table, *args: prepared.append(table.key)
                        or original(table, *args))

    routine = src / "routines" / "ht" / "rut-ht-005.md"
    edit(routine, "Åka på trygghetslarm", "Åka på larm från trygghetstelefon", count=2)
    build(src, out, doctrees)
    prepared_by_edit = prepared[:]
    assert_same_site(out, clean_site(src))
    written = {p.name for p in exports if p.stat().st_mtime_ns != before[p.name][0]}
    changed = {p.name for p in exports if p.read_bytes() != before[p.name][1]}
    assert written == changed
    assert "atgarder.xlsx" not in written and "sparbarhet.xlsx" not in written
    # the family workbook was written again, from its kept sheets but the changed ones
    assert "alla-rapporter.xlsx" in written
    sheets = len(load_workbook(kvalitet / "alla-rapporter.xlsx", read_only=True).sheetnames) - 1
    assert 0 < len(prepared_by_edit) < sheets / 4, (prepared_by_edit, sheets)

    # a kept workbook overwritten with as many other bytes, and a kept CSV file removed
    kept_book = kvalitet / "sparbarhet.xlsx"
    kept_book.write_bytes(bytes(len(kept_book.read_bytes())))
    kept_csv = next(p for p in exports if p.name.startswith("atgarder-") and p.suffix == ".csv")
    kept_csv.unlink()
    edit(routine, "Åka på larm från trygghetstelefon", "Åka på trygghetslarm", count=2)
    build(src, out, doctrees)
    assert_same_site(out, clean_site(src))


def test_a_new_year_leaves_no_export_of_the_last(tmp_path: Path) -> None:
    """A paper's files are named by its year: after the new year, an incremental build
    removes the last year's CSV and Excel files, as a clean build has none of them.
    (The rest of the site is not compared: sphinx-needs' permalink.html, which a full
    build removes, is left by a build on another day.)"""
    def build_on(today: str, out: Path, doctrees: Path) -> set[str]:
        result = build_in_process(["-b", "html", "-q", "--no-color", "-d", str(doctrees), str(src), str(out)], today)
        assert result.returncode == 0, result.stderr[-3000:]
        return {p.relative_to(out).as_posix() for p in out.rglob("*") if p.suffix in (".xlsx", ".csv")}

    src = copy_sample(tmp_path / "src")
    out, doctrees, clean = tmp_path / "out", tmp_path / "doctrees", tmp_path / "clean"
    last = build_on("2026-12-31", out, doctrees)
    exports = build_on("2027-01-02", out, doctrees)
    assert exports == build_on("2027-01-02", clean, tmp_path / "clean-doctrees")
    assert all((out / name).read_bytes() == (clean / name).read_bytes() for name in exports)
    assert "docs/kvalitet/internkontrollplan-2026.xlsx" in last - exports
