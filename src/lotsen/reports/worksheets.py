"""The XlsxWriter worksheets Lotsen's workbooks are written with (reports/workbook.py):
one that writes a table's cells itself, faster than XlsxWriter's own and each text in
its cell, and one that writes the XML of a sheet kept from an earlier build
(reports/kept_sheets.py)."""

from __future__ import annotations

import functools
import io

#: The XlsxWriter whose cell XML ``table_sheet_class`` writes (requirements.txt pins it).
FAST_XLSXWRITER = "3.3.1"


@functools.cache
def table_sheet_class() -> type | None:
    """XlsxWriter's worksheet, writing a table's cells (``<c>``), links to web
    addresses (``<hyperlink>``) and rows (``<row>``) each in one step. Its own writer
    builds each from a list of attributes that it escapes one by one (an A1 reference
    or a number has nothing to escape), which was a third of writing a workbook. Only a
    text, number, date or empty cell of a sheet not written row by row, a link without
    anchor, tip or shown text, and a row of the default height with no format, outline
    or hiding of its own, is written here, as XlsxWriter writes it (tests/test_workbook.py
    compares them); anything else, and any other version of XlsxWriter (None: its own
    worksheet), is left to XlsxWriter.

    A text is written in its cell, as XlsxWriter does when it writes row by row, not
    as a number in the workbook's list of texts: so a sheet's XML does not depend on
    the sheets before it and can be kept (reports/kept_sheets.py). With ``keeping``
    set, the sheet's XML is kept in ``written`` when the workbook is saved."""
    import xlsxwriter
    from xlsxwriter.utility import _preserve_whitespace, _utf16_len, _utf16_truncate, xl_rowcol_to_cell_fast
    from xlsxwriter.worksheet import CellBlankTuple, CellDatetimeTuple, CellNumberTuple, CellStringTuple, Worksheet

    if xlsxwriter.__version__ != FAST_XLSXWRITER:
        return None
    numbers = (CellNumberTuple, CellDatetimeTuple)

    class TableSheet(Worksheet):
        keeping = False
        written = ""

        def _write_string(self, row: int, col: int, string: str, cell_format=None) -> int:
            if self.constant_memory:
                return super()._write_string(row, col, string, cell_format)
            if self._check_dimensions(row, col):
                return -1
            error = 0
            if len(string) > self.xls_strmax // 2 and _utf16_len(string) > self.xls_strmax:
                string, error = _utf16_truncate(string, self.xls_strmax), -2
            self.table[row][col] = CellStringTuple(string, cell_format)  # the text, not its number
            return error

        def _assemble_xml_file(self) -> None:
            if not self.keeping:
                super()._assemble_xml_file()
                return
            target, self.fh = self.fh, io.StringIO()
            super()._assemble_xml_file()
            self.written = self.fh.getvalue()
            self.fh = target
            target.write(self.written)

        def _write_cell(self, row: int, col: int, cell) -> None:
            kind = cell.__class__
            if self.constant_memory or (kind is not CellStringTuple and kind not in numbers
                                        and kind is not CellBlankTuple):
                super()._write_cell(row, col, cell)
                return
            # the style as XlsxWriter finds it: the cell's, the row's or the column's
            if cell.format:
                style = cell.format._get_xf_index()
            elif row in self.row_info and self.row_info[row].row_format:
                style = self.row_info[row].row_format._get_xf_index()
            elif col in self.col_info and self.col_info[col].column_format is not None:
                style = self.col_info[col].column_format._get_xf_index()
            else:
                style = None
            start = (f'<c r="{xl_rowcol_to_cell_fast(row, col)}"'
                     + ("" if style is None else f' s="{style}"'))
            if kind is CellStringTuple:
                # as XlsxWriter writes a text in its cell, except that a text that
                # looks like rich text's XML is a text too
                text = self._escape_control_characters(cell.string)
                preserve = ' xml:space="preserve"' if _preserve_whitespace(text) else ""
                self.fh.write(f'{start} t="inlineStr"><is><t{preserve}>{self._escape_data(text)}</t></is></c>')
            elif kind is CellBlankTuple:
                self.fh.write(f"{start}/>")
            else:
                self.fh.write(f"{start}><v>{cell.number:.16G}</v></c>")

        def _write_row(self, row: int, spans: str | None, row_info=None, empty_row: bool = False) -> None:
            # a row of ours has no format, height, outline or hiding of its own
            if (row_info is not None or empty_row or self.excel_version == 2010
                    or self.default_row_height != self.original_row_height):
                super()._write_row(row, spans, row_info, empty_row)
                return
            self.fh.write(f'<row r="{row + 1}" spans="{spans}">' if spans else f'<row r="{row + 1}">')

        def _write_hyperlink_external(self, row: int, col: int, id_num: int, url) -> None:
            if url._anchor or url._is_object_link or url._tip:  # noqa: SLF001 - none of ours
                super()._write_hyperlink_external(row, col, id_num, url)
                return
            self.fh.write(f'<hyperlink ref="{xl_rowcol_to_cell_fast(row, col)}" r:id="rId{id_num}"/>')

    return TableSheet


@functools.cache
def kept_sheet_class() -> type:
    """A worksheet whose XML and links were kept from an earlier build
    (``kept_xml``, ``kept_links``): written as it was."""
    from xlsxwriter.worksheet import Worksheet

    class KeptSheet(Worksheet):
        kept_xml = ""
        kept_links: list = []

        def _assemble_xml_file(self) -> None:
            self.fh.write(self.kept_xml)
            self.external_hyper_links = [list(link) for link in self.kept_links]
            self._xml_close()

    return KeptSheet
