"""The site's reports that chapters of the berättelse are made from, computed once.

The berättelse's chapters show parts of the risk register, the review status, the
annual wheel, the actions and the goals, retitled and with their tables filled anew.
The report pages need the same reports from the same index (sphinx/report_pages.py
``report_of``), and the check and the berättelse need some of them twice: each is
computed once per index, under the key the report pages keep it under, and every
chapter gets its own copy of the sections and tables, which it may change.
"""

from __future__ import annotations

import copy
import dataclasses

from lotsen.reports.compute import REPORTS
from lotsen.reports.tables import Report
from lotsen.source.index import ObjectIndex


def site_report(index: ObjectIndex, kind: str) -> Report:
    """The report ``kind`` (a key of ``REPORTS``), with sections and tables of its own."""
    report: Report = index.memo(("report", kind), lambda: REPORTS[kind](index))  # type: ignore[assignment]
    return dataclasses.replace(report, sections=[
        dataclasses.replace(s, table=copy.copy(s.table), text=list(s.text), figures=list(s.figures))
        for s in report.sections])
