"""Excel made for a quality lead (reports/workbook.py): typed cells read back with
openpyxl, filters and frozen headers, readable unique sheet names, links to the site,
the site's colours, masked counts, and the same bytes when built twice."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from openpyxl import load_workbook

from lotsen.reports.render import family_xlsx
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
