"""Word files (docx) are zip files: written again with fixed entry times and the core
properties' 'modified' set to 'created', so the same input gives the same bytes (the
workbooks need not be: XlsxWriter writes them so, reports/workbook.py)."""

from __future__ import annotations

import io
import re
import zipfile


def stable_zip(data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                # the writer may stamp 'modified' with the time of saving: use 'created'
                text = content.decode("utf-8")
                created = re.search(r"<dcterms:created[^>]*>([^<]*)<", text)
                if created:
                    text = re.sub(r"(<dcterms:modified[^>]*>)[^<]*(<)", rf"\g<1>{created[1]}\2", text)
                content = text.encode("utf-8")
            target.writestr(fixed, content)
    return out.getvalue()
