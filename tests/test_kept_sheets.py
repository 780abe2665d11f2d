"""The store of sheets kept between builds (reports/kept_sheets.py): what a build puts
in is what the next one gets, and the store does not grow past the tables and
workbooks a build has."""

from __future__ import annotations

from pathlib import Path

from lotsen.reports.kept_sheets import MAX_WORKBOOKS, KeptSheets

STYLES = ((None, "bold", None),)


def test_a_kept_sheet_comes_back_as_it_was_written(tmp_path: Path) -> None:
    path = tmp_path / "sheets.pickle"
    store = KeptSheets(path)
    xml = '<worksheet>ÅÄÖ & "citat"</worksheet>'
    store.keep("a", STYLES, "s1", xml, [["/hyperlink", "../a.html#A", "External"]])
    store.save({"a"})
    again = KeptSheets(path)
    assert again.styles("a") == STYLES
    assert again.sheet("a", "s1") == (xml, [["/hyperlink", "../a.html#A", "External"]])
    assert again.sheet("a", "s2") is None and again.sheet("b", "s1") is None and again.styles("b") is None


def test_only_the_tables_of_the_build_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "sheets.pickle"
    store = KeptSheets(path)
    for digest in ("a", "b", "c"):
        store.keep(digest, STYLES, "s1", f"<{digest}/>", [])
    store.save({"a", "b", "c"})
    # the next build has the tables a and c; it writes a workbook again from a alone
    store = KeptSheets(path)
    assert store.sheet("a", "s1") == ("<a/>", [])
    store.save({"a", "c"})
    store = KeptSheets(path)
    assert [store.sheet(d, "s1") for d in ("a", "b", "c")] == [("<a/>", []), None, ("<c/>", [])]


def test_a_table_keeps_the_sheets_of_a_few_workbooks_newest_first(tmp_path: Path) -> None:
    path = tmp_path / "sheets.pickle"
    for number in range(MAX_WORKBOOKS + 3):
        store = KeptSheets(path)
        store.keep("a", STYLES, f"s{number}", f"<s{number}/>", [])
        store.save({"a"})
    store = KeptSheets(path)
    found = [number for number in range(MAX_WORKBOOKS + 3) if store.sheet("a", f"s{number}") is not None]
    assert found == list(range(3, MAX_WORKBOOKS + 3))


def test_a_build_that_writes_no_workbook_leaves_the_store(tmp_path: Path) -> None:
    path = tmp_path / "sheets.pickle"
    store = KeptSheets(path)
    store.keep("a", STYLES, "s1", "<a/>", [])
    store.save({"a"})
    stamp = path.stat().st_mtime_ns
    KeptSheets(path).save(set())  # nothing asked: not even read
    assert path.stat().st_mtime_ns == stamp and KeptSheets(path).sheet("a", "s1") == ("<a/>", [])
    store = KeptSheets(path)
    store.sheet("a", "s1")
    store.save({"a"})  # the same sheet used again: nothing to write
    assert path.stat().st_mtime_ns == stamp


def test_a_broken_or_foreign_store_is_empty(tmp_path: Path) -> None:
    import pickle

    path = tmp_path / "sheets.pickle"
    for content in (b"", b"\x80\x05broken", pickle.dumps({"a": ((), {})}), pickle.dumps((("other", 1), {}))):
        path.write_bytes(content)
        assert KeptSheets(path).styles("a") is None
    assert KeptSheets(tmp_path / "missing.pickle").sheet("a", "s1") is None
