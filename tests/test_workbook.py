"""Excel made for a quality lead (reports/workbook.py): typed cells read back with
openpyxl, filters and frozen headers, readable unique sheet names, links to the site,
the site's colours, masked counts, and the same bytes when built twice."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path

from openpyxl import load_workbook

from lotsen.reports.render import export_digest, family_xlsx, report_xlsx
from lotsen.reports.tables import HeatCell, Link, Masked, Report, Section, Styled, Table
from lotsen.reports.workbook import Sheet, sheet_names, workbook_xlsx

WHEN = dt.date(2026, 12, 31)


def results_table() -> Table:
    table = Table("resultat", "Resultat av egenkontroller med bedömning per period",
                  ["Egenkontroll", "Genomförd", "Granskade", "Andel", "Utfall", "Nivå", "Risker", "Ärenden", "Text"],
                  row_headers=True)
    table.rows = [
        [Link("KTRL-HT-01", "Genomförandeplaner"), "2026-03-14", 20, "85 %", "88,5",
         Styled("Mycket hög", ("lotsen-level-4",)), [Link("RISK-A"), Link("RISK-B")],
         Masked("färre än 3", 2, True), "Inga brister"],
        [Link("KTRL-HT-02"), "2026-13-40", "007", "12,5 %", "3", Styled("Försenad", ("lotsen-missing",)), [],
         HeatCell(4, 12, "Mycket hög", []), ""],
    ]
    return table


def build(**options) -> bytes:
    return workbook_xlsx([Sheet("Resultat av egenkontroller med bedömning per period", results_table(), "Årshjul")],
                         WHEN, "Prov", **options)


def test_cells_are_typed_as_a_quality_lead_needs_them() -> None:
    sheet = load_workbook(io.BytesIO(build()))["Resultat av egenkontroller med…"]
    first = [c for c in sheet[2]]
    assert first[0].value == "KTRL-HT-01"
    assert first[1].value == dt.datetime(2026, 3, 14) and first[1].is_date
    assert first[2].value == 20 and first[2].data_type == "n"
    assert first[3].value == 0.85 and first[3].number_format == "0%"
    assert first[4].value == 88.5 and first[4].number_format == "0.0"
    assert first[5].value == "Mycket hög"
    assert first[6].value == "RISK-A, RISK-B"
    assert first[7].value == "färre än 3"  # masked, as the model's default asks
    second = [c.value for c in sheet[3]]
    assert second[1] == "2026-13-40"  # not a date: stays text
    assert second[2] == "007"  # a code with a leading zero stays text
    assert second[3] == 0.125 and sheet["D3"].number_format == "0.0%"
    assert second[4] == 3 and second[7] == 4  # the heat cell's count


def test_header_is_frozen_and_filtered_and_bold() -> None:
    sheet = load_workbook(io.BytesIO(build())).worksheets[1]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:I3"
    assert all(c.font.bold for c in sheet[1])


def test_first_sheet_lists_the_tables_with_links_to_them() -> None:
    book = load_workbook(io.BytesIO(build()))
    contents = book["Innehåll"]
    assert book.sheetnames[0] == "Innehåll"
    rows = list(contents.iter_rows(values_only=True))
    assert rows == [("Blad", "Del", "Tabell", "Rader"),
                    ("Resultat av egenkontroller med…", "Årshjul",
                     "Resultat av egenkontroller med bedömning per period", 2)]
    assert contents["A2"].hyperlink.location == "'Resultat av egenkontroller med…'!A1"


def test_ids_link_to_the_site_and_colours_follow_the_site() -> None:
    links = {"KTRL-HT-01": "https://lotsen.example/controls/ht.html#KTRL-HT-01"}
    sheet = load_workbook(io.BytesIO(build(link=links.get, fills={"lotsen-level-4": "#f4a3a3"}))).worksheets[1]
    assert sheet["A2"].hyperlink.target == links["KTRL-HT-01"]
    assert sheet["A3"].hyperlink is None  # no page for it
    assert sheet["G2"].hyperlink is None  # two objects in one cell: no single link
    assert sheet["F2"].fill.fgColor.rgb == "FFF4A3A3"  # opaque, as Excel writes it
    assert sheet["F3"].fill.fgColor.rgb == "FFFDE2E1"  # late, as on the site


def test_text_stays_text_and_a_link_keeps_its_address_whole() -> None:
    """A relative address stays relative with its anchor (not a Windows file path with a
    separate location), and a text that looks like a formula or an address stays text."""
    table = Table("t", "T", ["ID", "Text"])
    table.rows = [[Link("RUT-1"), "=SUMMA(A1)"], [Link("RUT-2"), "https://lotsen.example/x"], [Link("RUT-3"), ""]]
    links = {"RUT-1": "../../routines/ht/rut-ht-001.html#RUT-1", "RUT-2": "https://lotsen.example/a.html#RUT-2"}
    sheet = load_workbook(io.BytesIO(workbook_xlsx([Sheet("T", table)], WHEN, link=links.get)))["T"]
    assert (sheet["A2"].hyperlink.target, sheet["A2"].hyperlink.location) == (links["RUT-1"], None)
    assert (sheet["A3"].hyperlink.target, sheet["A3"].hyperlink.location) == (links["RUT-2"], None)
    assert sheet["A2"].value == "RUT-1" and sheet["A2"].font.u == "single"
    assert sheet["B2"].value == "=SUMMA(A1)" and sheet["B2"].data_type == "s"
    assert sheet["B3"].value == "https://lotsen.example/x" and sheet["B3"].hyperlink is None
    assert sheet["B4"].value is None  # an empty text is an empty cell
    table.rows = [["0001-01-01", float("nan")]]  # what Excel cannot show as a date or a number
    sheet = load_workbook(io.BytesIO(workbook_xlsx([Sheet("T", table)], WHEN)))["T"]
    assert (sheet["A2"].value, sheet["B2"].value) == ("0001-01-01", "=#NUM!")  # the error, not a stopped build


def test_sheet_names_are_readable_unique_and_within_the_limit() -> None:
    names = sheet_names(["Risker sorterade efter riskvärde", "Risker sorterade efter riskvärde",
                         "Läge per enhet", "Läge per enhet", "a/b: c [d]?", "x" * 40, "Innehåll"])
    assert names == ["Risker sorterade efter…", "Risker sorterade efter… (2)", "Läge per enhet",
                     "Läge per enhet (2)", "a-b- c -d--", "x" * 30 + "…", "Innehåll (2)"]
    assert all(len(n) <= 31 for n in names) and len({n.lower() for n in names}) == len(names)
    wide = sheet_names(["Mål 🎯 " * 8])  # Excel counts an emoji as two characters
    assert len(wide[0].encode("utf-16-le")) // 2 <= 31 and wide[0].endswith("…")
    assert load_workbook(io.BytesIO(workbook_xlsx([Sheet("Mål 🎯 " * 8, results_table())], WHEN))).sheetnames[1] == wide[0]


def test_masked_count_stays_masked_unless_the_model_lets_exports_carry_it() -> None:
    table = Table("t", "T", ["Kategori", "Antal"])
    table.rows = [["Lex Maria", Masked("färre än 3", 987654, True)]]
    data = workbook_xlsx([Sheet("T", table)], WHEN)
    assert load_workbook(io.BytesIO(data))["T"]["B2"].value == "färre än 3"
    assert b"987654" not in data
    table.rows = [["Lex Maria", Masked("färre än 3", 2, False)]]
    assert load_workbook(io.BytesIO(workbook_xlsx([Sheet("T", table)], WHEN)))["T"]["B2"].value == 2


def test_built_twice_the_same_bytes() -> None:
    assert build() == build()
    report = Report("r", "Rapport", "", [Section("S", [], results_table())])
    assert family_xlsx([report, report], WHEN, "Alla") == family_xlsx([report, report], WHEN, "Alla")


def test_site_has_one_workbook_for_all_its_reports(site: Path) -> None:
    book = load_workbook(site / "docs/kvalitet/alla-rapporter.xlsx")
    parts = {row[1] for row in book["Innehåll"].iter_rows(min_row=2, values_only=True)}
    assert {"Riskregister", "Åtgärder", "Årshjul för egenkontroller", "Revisionsläge"} <= parts
    assert all(len(name) <= 31 for name in book.sheetnames)
    register = book[next(row[0] for row in book["Innehåll"].iter_rows(min_row=2, values_only=True)
                         if row[2] == "Risker sorterade efter riskvärde")]
    header = [c.value for c in register[1]]
    score = header.index("Riskvärde")
    assert all(isinstance(row[score].value, int) for row in register.iter_rows(min_row=2))
    level = register.cell(row=2, column=header.index("Nivå") + 1)
    assert level.fill.fgColor.rgb != "00000000"  # the level's colour from lotsen.yaml
    assert register["A2"].hyperlink is not None and register["A2"].hyperlink.target.endswith(
        f"#{register['A2'].value}")
    page = (site / "docs/kvalitet/riskregister.html").read_text(encoding="utf-8")
    assert 'href="alla-rapporter.xlsx"' in page


def every_kind_table() -> Table:
    """Cells of every kind a report has, and texts XML and Excel treat specially."""
    table = results_table()
    table.rows += [
        [Link("RUT-1"), "1899-12-31", "-0", "-12,25", "100 %", Styled(Link("RUT-1"), ("lotsen-ok",)),
         [Link("RUT-2")], Masked("färre än 3", 1, False), " a & <b> \"c\" "],
        ["٢٠٢٦-٠١-٠١", float("inf"), 3.5, True, None, "\tx\n", "_x0041_", "=1+1", "1e5"],
    ]
    return table


def texts_in_cells(xlsx: bytes) -> dict[str, str]:
    """A workbook's parts, each sheet's texts moved from the workbook's list of texts
    (``sharedStrings.xml``, which is left out with its mentions) into their cells, as
    XlsxWriter writes them when it writes row by row; XML in canonical form. Two
    workbooks that differ only in where their texts are give the same parts."""
    import re
    import xml.etree.ElementTree as ET
    import zipfile

    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    with zipfile.ZipFile(io.BytesIO(xlsx)) as book:
        parts = {info.filename: book.read(info) for info in book.infolist()}
    texts = []
    if "xl/sharedStrings.xml" in parts:
        texts = list(ET.fromstring(parts.pop("xl/sharedStrings.xml")).iter(f"{{{main}}}si"))
    out = {}
    for name, data in parts.items():
        if not name.startswith("xl/worksheets/sheet"):
            out[name] = re.sub(r'<(Override|Relationship) [^>]*sharedStrings[^>]*/>', "", data.decode("utf-8"))
            continue
        root = ET.fromstring(data)
        for cell in root.iter(f"{{{main}}}c"):
            if cell.get("t") == "s":
                value = cell.find(f"{{{main}}}v")
                cell.remove(value)
                cell.set("t", "inlineStr")
                inline = ET.SubElement(cell, f"{{{main}}}is")
                inline.extend(list(texts[int(value.text)]))
        out[name] = ET.canonicalize(ET.tostring(root, encoding="unicode"))
    return out


def test_the_fast_worksheet_writes_the_bytes_xlsxwriter_writes(monkeypatch) -> None:
    """The pinned XlsxWriter gets a worksheet that writes cells and links itself
    (reports/worksheets.py): the workbook is the one XlsxWriter's own worksheet
    gives, part for part, except that each text is in its cell (``texts_in_cells``;
    a sheet's XML compared in canonical form, every other part byte for byte)."""
    import xlsxwriter

    from lotsen.reports import worksheets

    assert xlsxwriter.__version__ == worksheets.FAST_XLSXWRITER and worksheets.table_sheet_class() is not None
    links = {"KTRL-HT-01": "https://lotsen.example/a.html#KTRL-HT-01", "RUT-1": "../r/rut-1.html#RUT-1",
             "RUT-2": "../r/rut-2.html#RUT-2"}
    sheets = [Sheet("Alla slag", every_kind_table(), "Del"), Sheet("Resultat", results_table(), "Del")]
    fast = workbook_xlsx(sheets, WHEN, "Prov", links.get, {"lotsen-level-4": "#f4a3a3"})
    assert b"sharedStrings" not in fast
    monkeypatch.setattr(worksheets, "table_sheet_class", lambda: None)
    own = workbook_xlsx(sheets, WHEN, "Prov", links.get, {"lotsen-level-4": "#f4a3a3"})
    assert fast != own
    assert texts_in_cells(fast) == texts_in_cells(own)


def test_the_fast_worksheet_leaves_other_cells_to_xlsxwriter() -> None:
    """What Lotsen's tables never write (row and column formats, formulas, booleans,
    links with an anchor or a tip, rich text) still comes out as XlsxWriter writes it."""
    import xlsxwriter

    from lotsen.reports.worksheets import table_sheet_class

    def book(worksheet_class) -> bytes:
        raw = io.BytesIO()
        wb = xlsxwriter.Workbook(raw, {"in_memory": True})
        wb.set_properties({"created": dt.datetime(2026, 1, 1)})
        sheet = wb.add_worksheet("T", worksheet_class)
        bold, red = wb.add_format({"bold": True}), wb.add_format({"font_color": "red"})
        sheet.set_row(1, None, bold)
        sheet.set_column(2, 2, 12, red)
        sheet.set_column(3, 3, 20)
        sheet.set_column(5, 5, 20, red)
        for row in range(4):
            sheet.write_string(row, 0, f"text {row}")
            sheet.write_number(row, 1, row / 3)
            sheet.write_blank(row, 2, None, bold)
            sheet.write_string(row, 3, "x", None)
            sheet.write_datetime(row, 4, dt.datetime(2026, 3, row + 1), red)
            sheet.write_number(row, 5, row)  # the row's format, else the column's
        sheet.write_formula(4, 0, "=A1", None, 1)
        sheet.write_boolean(4, 1, True)
        sheet.write_rich_string(4, 2, "a", bold, "b")
        sheet.write_url(5, 0, "https://lotsen.example/a.html#anchor")
        sheet.write_url(5, 1, "https://lotsen.example/b.html", tip="Tips")
        sheet.write_url(5, 2, "internal:T!A1")
        sheet.write_url(5, 3, "https://lotsen.example/c.html", red, "c")
        sheet.write_number(5, 3, 7)  # a link over a number
        wb.close()
        return raw.getvalue()

    assert texts_in_cells(book(table_sheet_class())) == texts_in_cells(book(None))


def test_a_table_in_two_workbooks_is_prepared_once(monkeypatch) -> None:
    """A build writes a report's tables into its workbook and into its folder's family
    workbook from the same prepared cells (``PreparedTables``), with the same bytes."""
    from lotsen.reports import workbook
    from lotsen.reports.workbook import PreparedTables

    links = {"KTRL-HT-01": "../a.html#KTRL-HT-01"}.get
    report = Report("r", "Rapport", "", [Section("S", [], results_table()), Section("T", [], every_kind_table())])
    alone = (report_xlsx(report, WHEN, links, None), family_xlsx([report], WHEN, "Alla", links, None))
    prepared, original = [], workbook.prepare_table
    monkeypatch.setattr(workbook, "prepare_table", lambda table, *args: prepared.append(table) or original(table, *args))
    kept = PreparedTables(links, None)
    assert (report_xlsx(report, WHEN, links, None, kept), family_xlsx([report], WHEN, "Alla", links, None, kept)) == alone
    assert [id(t) for t in prepared] == [id(t) for t in report.tables()]


def test_export_digest_changes_with_what_the_files_are_made_from() -> None:
    """The digest that lets a build keep a workbook changes with a cell, a link's
    target, the date and a colour, and only then."""
    def digest(table: Table, links: dict[str, str], when: dt.date = WHEN, fill: str = "#f4a3a3") -> str:
        return export_digest([Sheet("S", table)], "Rapport", when, links.get, {"lotsen-level-4": fill})

    links = {"KTRL-HT-01": "../a.html#KTRL-HT-01"}
    first = digest(results_table(), links)
    assert digest(results_table(), dict(links)) == first
    changed = results_table()
    changed.rows[1][4] = "4"
    assert digest(changed, links) != first
    assert digest(results_table(), {"KTRL-HT-01": "../b.html#KTRL-HT-01"}) != first
    assert digest(results_table(), links, WHEN + dt.timedelta(days=1)) != first
    assert digest(results_table(), links, fill="#f4a3a4") != first


def _files(table: Table, links: dict[str, str], when: dt.date, fills: dict[str, str], part: str, title: str) -> bytes:
    """All the bytes a report's files of ``table`` hold: its CSV file and its workbook."""
    from lotsen.reports.render import table_csv

    return table_csv(table).encode("utf-8") + workbook_xlsx([Sheet(table.caption, table, part)], when, title,
                                                            links.get, fills)


def _variants() -> list[tuple[str, Table, dict, dt.date, dict, str, str]]:
    """The table of every kind, and each one thing of what a report's files are made of
    changed: every cell replaced by another of its kind or a cell of another kind, the
    header, caption, key and row headers, a link's target, the date, a colour, the
    sheet's part and the workbook's title; and what only the page shows changed."""
    links = {"KTRL-HT-01": "../a.html#KTRL-HT-01", "RUT-1": "../r/rut-1.html#RUT-1", "RUT-2": "../r/rut-2.html#RUT-2"}
    fills = {"lotsen-level-4": "#f4a3a3"}
    base = ("bas", every_kind_table(), links, WHEN, fills, "Del", "Rapport")
    variants = [base]

    def with_table(name: str, change: Callable[[Table], None]) -> None:
        table = every_kind_table()
        change(table)
        variants.append((name, table, links, WHEN, fills, "Del", "Rapport"))

    others = [Link("RUT-2"), Link("RUT-1", "annan titel"), [Link("RUT-1")], [Link("RUT-1"), Link("RUT-2")],
              Styled("Mycket hög", ("lotsen-ok",)), Styled("Mycket hög", ("lotsen-level-4",)),
              Styled(Link("RUT-2"), ("lotsen-ok",)), HeatCell(5, 12, "Mycket hög", []),
              HeatCell(4, 9, "Låg", [Link("RISK-A")]), Masked("färre än 3", 1, True), Masked("färre än 3", 2, False),
              Masked("3", 3, True), "3", 3, 3.0, True, None, "", "2026-03-14", "85 %", "x"]
    for row_number, row in enumerate(every_kind_table().rows):
        for column in range(len(row)):
            for number, other in enumerate(others):
                def put(table: Table, r=row_number, c=column, o=other) -> None:
                    table.rows[r][c] = o
                with_table(f"cell {row_number},{column} = {number}", put)
    with_table("header", lambda t: t.header.__setitem__(2, "Granskat"))
    with_table("caption", lambda t: setattr(t, "caption", "Annan"))
    with_table("key", lambda t: setattr(t, "key", "annan"))
    with_table("row headers", lambda t: setattr(t, "row_headers", False))
    with_table("a row less", lambda t: t.rows.pop())
    with_table("row classes", lambda t: setattr(t, "row_classes", [("lotsen-late",)] * len(t.rows)))
    with_table("empty text", lambda t: setattr(t, "empty", "Inget."))
    variants += [
        ("target", every_kind_table(), {**links, "RUT-1": "../r/annan.html#RUT-1"}, WHEN, fills, "Del", "Rapport"),
        ("no target", every_kind_table(), {**links, "RUT-2": None}, WHEN, fills, "Del", "Rapport"),
        ("another day", every_kind_table(), links, WHEN - dt.timedelta(days=1), fills, "Del", "Rapport"),
        ("new year", every_kind_table(), links, dt.date(2027, 1, 1), fills, "Del", "Rapport"),
        ("colour", every_kind_table(), links, WHEN, {"lotsen-level-4": "#f4a3a4"}, "Del", "Rapport"),
        ("part", every_kind_table(), links, WHEN, fills, "Annan del", "Rapport"),
        ("title", every_kind_table(), links, WHEN, fills, "Del", "Annan rapport"),
    ]
    return variants


def test_the_export_digest_changes_whenever_the_files_would() -> None:
    """A build keeps a report's files when their digest is the one they were written
    from (sphinx/exports.py): two variants with the same digest must give the same
    bytes, or a build would leave a stale file. Variants whose files are the same (a
    link's title, a heat cell's score and risks, the rows' classes, the text for no
    rows: only the page shows them) keep their digest, so that a title changed on the
    site leaves the files as they are."""
    from collections import defaultdict

    by_digest: dict[str, dict[bytes, list[str]]] = defaultdict(lambda: defaultdict(list))
    digests: dict[str, str] = {}
    for name, table, links, when, fills, part, title in _variants():
        digest = digests[name] = export_digest([Sheet(table.caption, table, part)], title, when, links.get, fills)
        by_digest[digest][_files(table, links, when, fills, part, title)].append(name)
    missed = [names for outputs in by_digest.values() if len(outputs) > 1 for names in outputs.values()]
    assert not missed, f"one digest, different files: {missed}"
    assert len(by_digest) > 300  # the variants are told apart
    # the row's first link with a title (cell 2,0 = 1), a heat cell's score, level and risks (1,7 = 8)
    page_only = ["cell 2,0 = 1", "cell 1,7 = 8", "row classes", "empty text"]
    assert {name: digests[name] for name in page_only} == dict.fromkeys(page_only, digests["bas"])


def test_a_text_is_prepared_as_every_other_cell_is() -> None:
    """``prepare_table`` takes a plain text that cannot be a date, number or share by a
    short way: it must make of it what the general way (``typed``) makes, which a
    subclass of ``str`` still takes."""
    from lotsen.reports.workbook import prepare_table

    class Text(str):
        pass

    texts = ["Hembesök", "", " ", "  inledande blanksteg", "-", "- minus", "−3", "12", " 12", "12,5", "12,5 %",
             "2030-12-31", " 2030-12-31", "1899-12-31", "007", "٣", "²", "½", "Rutin 12", "x" * 80]
    for row_headers in (False, True):
        table = Table("t", "Texter", ["A", "B"], row_headers=row_headers)
        table.rows = [[text, text] for text in texts]
        general = Table("t", "Texter", ["A", "B"], row_headers=row_headers)
        general.rows = [[Text(text), Text(text)] for text in texts]
        links = {"KTRL-HT-01": "../a.html"}.get
        assert prepare_table(table, links, {}) == prepare_table(general, links, {})
        assert [[type(cell[1]) for cell in row] for row in prepare_table(table, links, {}).rows] == \
            [[type(cell[1]) for cell in row] for row in prepare_table(general, links, {}).rows]


def _kept_tables(path: Path, link: Callable[[str], str | None], fills: dict[str, str]):
    """Tables prepared as a build prepares them: with their digests and the store of
    sheets kept in ``path`` (reports/kept_sheets.py), read anew as by a new build."""
    import functools

    from lotsen.reports.kept_sheets import KeptSheets
    from lotsen.reports.render import table_digest
    from lotsen.reports.workbook import PreparedTables

    return PreparedTables(link, fills, functools.partial(table_digest, link=link, fills=fills), KeptSheets(path))


def test_a_workbook_written_again_takes_the_sheets_of_unchanged_tables(tmp_path: Path, monkeypatch) -> None:
    """After a change to one table, the workbook written again prepares and writes that
    table's sheet alone and takes the others as the last build wrote them: the bytes
    are those of a workbook written whole. A change that brings a style no cell had
    renumbers the styles: then every sheet is written again. A missing or broken store
    writes all again."""
    from lotsen.reports import workbook

    link = {"KTRL-HT-01": "../a.html#KTRL-HT-01", "RUT-1": "../r/rut-1.html#RUT-1"}.get
    fills = {"lotsen-level-4": "#f4a3a3"}
    store = tmp_path / "sheets.pickle"

    def sheets(change: str) -> list[Sheet]:
        other = every_kind_table()
        other.caption = "Alla slag"
        if change in ("value", "style"):
            other.rows[0][4] = "88,7"  # as "88,5" was: a number with one decimal
        if change == "style":
            other.rows[1][4] = Styled("Låg", ("lotsen-ok",))  # a style no cell had
        return [Sheet("Resultat", results_table(), "Del"), Sheet("Alla slag", other, "Del"),
                Sheet("Resultat igen", results_table(), "Annan del")]

    prepared_now: list[str] = []
    original = workbook.prepare_table
    monkeypatch.setattr(workbook, "prepare_table",
                        lambda table, *args: prepared_now.append(table.caption) or original(table, *args))
    runs = []
    for change in ("none", "value", "value", "style"):
        tables = _kept_tables(store, link, fills)
        prepared_now.clear()
        got = workbook_xlsx(sheets(change), WHEN, "Prov", link, fills, tables)
        runs.append(sorted(prepared_now))
        tables.kept.save(tables.digests())
        assert got == workbook_xlsx(sheets(change), WHEN, "Prov", link, fills), change
    # all at first; then only the changed table; then, written again the same, none;
    # then all again, with the styles numbered anew
    every = ["Alla slag", *[results_table().caption] * 2]
    assert runs == [every, ["Alla slag"], [], every]

    for broken in (b"", b"not a store", bytes(range(256))):
        store.write_bytes(broken)
        tables = _kept_tables(store, link, fills)
        assert workbook_xlsx(sheets("value"), WHEN, "Prov", link, fills, tables) == workbook_xlsx(
            sheets("value"), WHEN, "Prov", link, fills)


def test_a_kept_sheet_is_the_sheet_a_workbook_written_whole_has(tmp_path: Path) -> None:
    """Each variant of what a table's files are made from (every cell of every kind
    changed, links' targets, colours, the date, a part and a title: ``_variants``),
    written in turn beside an unchanged table with one store kept from each to the
    next: every workbook has the bytes of the same workbook written without a store."""
    store = tmp_path / "sheets.pickle"
    for number, (name, table, links, when, fills, part, title) in enumerate(_variants()):
        if number % 3 and not name.startswith(("cell 1,", "cell 2,")) and name != "bas":
            continue  # a third of the cells of the first row, all of the others
        sheets = [Sheet("Fast", results_table(), "Del"), Sheet(table.caption, table, part)]
        link = links.get
        tables = _kept_tables(store, link, fills)
        got = workbook_xlsx(sheets, when, title, link, fills, tables)
        tables.kept.save(tables.digests())
        assert got == workbook_xlsx(sheets, when, title, link, fills), name


def test_a_text_that_looks_like_xml_stays_a_text() -> None:
    """A cell's text is escaped whatever it holds, also a text that looks like the XML
    of Excel's rich text (XlsxWriter writes such a text in its list of texts as XML),
    in a table and on the first sheet."""
    texts = ["<r><t>fet</t></r>", "<r>", "a</r>", "&amp;", "]]>", "<is><t>x</t></is>"]
    table = Table("t", texts[0], ["A"])
    table.rows = [[text] for text in texts]
    book = load_workbook(io.BytesIO(workbook_xlsx([Sheet("Texter", table, texts[0])], WHEN)))
    assert [row[0] for row in book["Texter"].iter_rows(min_row=2, values_only=True)] == texts
    assert list(book["Innehåll"].iter_rows(min_row=2, values_only=True)) == [("Texter", texts[0], texts[0], 6)]
