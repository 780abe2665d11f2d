"""Reports on the page: the theme's templates (lotsen/report.html and
lotsen/report-table.html) fill in a report's tables, built directly as HTML, since a big
site's reports as docutils node trees cost more to build and to write than everything
else Lotsen does."""

from __future__ import annotations

from docutils import nodes

from lotsen.reports.render import Resolver
from lotsen.reports.tables import Report, Table
from lotsen.site.templates import Markup, Templates, default_templates


def table_html(table: Table, resolve: Resolver, templates: Templates | None = None) -> Markup:
    """Real table markup: a caption, column headers and (where set) row headers."""
    module = (templates or default_templates()).env.get_template("lotsen/report-table.html").module
    return Markup(module.table_html(table, resolve))


def report_html(report: Report, resolve: Resolver, downloads: bool = True, templates: Templates | None = None,
                family: str = "") -> Markup:
    """The whole report as HTML; ``family``: the workbook of all reports in the page's folder."""
    return (templates or default_templates()).render("lotsen/report.html", report=report, resolve=resolve,
                                                     downloads=downloads, family=family)


def report_nodes(report: Report, resolve: Resolver, downloads: bool = True,
                 templates: Templates | None = None, family: str = "") -> list[nodes.Node]:
    return [nodes.raw("", report_html(report, resolve, downloads, templates, family), format="html")]
