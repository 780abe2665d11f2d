"""The pack for the management review (ledningens genomgång) as a Document: what needs
the management's decision. Documents past their review date, open and late actions,
the year's results of controls with shortcomings and the planned controls that were
not done, and the indicators that did not reach their target, each from the same
computation as the site's reports, so the figures agree."""

from __future__ import annotations

from lotsen.reports.document import Chapter, Document
from lotsen.reports.goals import unmet_indicators
from lotsen.reports.internal_control import controls_risks
from lotsen.reports.story.site_reports import site_report
from lotsen.reports.tables import Cell, Link, Section, Styled, Table
from lotsen.reports.year import NOT_DONE, annual_wheel, assessment_cell, results_by_control
from lotsen.source.index import ObjectIndex
from lotsen.words import plural, word


def _state(cell: Cell) -> str:
    return str(cell.value) if isinstance(cell, Styled) else str(cell)


def _filtered(table: Table, key: str, caption: str, column: str, keep: set[str], empty: str) -> Table:
    """The rows of a report's table whose ``column`` holds one of ``keep``."""
    at = table.header.index(column)
    chosen = [(row, cls) for row, cls in zip(table.rows, table.row_classes or [()] * len(table.rows))
              if _state(row[at]) in keep]
    return Table(key, caption, list(table.header), [row for row, _ in chosen], table.row_headers,
                 [cls for _, cls in chosen], empty)


def _results_with_shortcomings(index: ObjectIndex, year: int) -> Table:
    role = index.model.field_for
    actions_link = index.model.results.actions_link
    assessment = role("assessment")
    values = index.model.fields[assessment].values if assessment else ()
    table = Table("resultat-med-brister", f"Resultat {year} med brister",
                  ["Resultat", "Egenkontroll", "Period", "Bedömning", "Utfall", "Risker", "Åtgärder"],
                  row_headers=True, empty="Inga resultat med brister under året.")
    for control_id, results in sorted(results_by_control(index).items()):
        control = index.by_id.get(control_id)
        for result in results:
            value = result.need.value(assessment) if assessment else ""
            if result.period.year != year or value not in values or values.index(value) == 0:
                continue
            actions = sorted(result.need.values(actions_link)) if actions_link else []
            table.rows.append([
                Link(result.need.id, result.need.title),
                Link(control_id, control.title if control else ""), result.period.text,
                assessment_cell(index, result), result.need.value(role("outcome")).replace(".", ","),
                [Link(r.id, r.title) for r in controls_risks(index, control)] if control else [],
                [Link(a, index.by_id[a].title if a in index.by_id else "") for a in actions]])
    return table


def management_review(index: ObjectIndex, year: int) -> Document:
    # the site's reports, computed once per index (their pages and the berättelse show them too)
    review = site_report(index, "revision").tables()[0]
    overdue = _filtered(review, "forsenade-dokument", "Dokument som skulle ha reviderats", "Läge", {"Försenad"},
                        "Alla dokument är reviderade i tid.")
    soon = _filtered(review, "snart-dokument", "Dokument som ska revideras snart", "Läge", {"Snart"},
                     "Inga dokument ska revideras de närmaste veckorna.")
    actions = site_report(index, "atgarder").tables()[0]
    late = _filtered(actions, "forsenade-atgarder", "Försenade åtgärder", "Läge", {"Försenad"},
                     "Inga åtgärder är försenade.")
    open_ = _filtered(actions, "oppna-atgarder", "Öppna åtgärder i tid", "Läge", {"Öppen"}, "Inga öppna åtgärder.")
    # the year asked for: in January the papers are about the year just ended
    wheel = (site_report(index, "arshjul") if year == index.today.year else annual_wheel(index, year)).tables()[0]
    not_done = _filtered(wheel, "ej-genomforda", f"Egenkontroller som inte blev gjorda {year}", "Läge", {NOT_DONE},
                         "Alla planerade egenkontroller är gjorda.")
    shortcomings = _results_with_shortcomings(index, year)
    chapters = [
        Chapter("dokument", "Dokumentstyrning", [
            Section("Försenade revisioner",
                    [f"{plural(len(overdue.rows), 'dokument', 'dokument')} har passerat sitt revisionsdatum."], overdue),
            Section("Revideras snart", [], soon)]),
        Chapter("atgarder", "Åtgärder", [
            Section("Försenade åtgärder", [f"{plural(len(late.rows), 'åtgärd', 'åtgärder')} har passerat sitt datum utan att vara "
                                          f"{word(len(late.rows), 'klar', 'klara')}."],
                    late),
            Section("Öppna åtgärder", [], open_)]),
        Chapter("egenkontroll", "Egenkontroll", [
            Section("Resultat med brister", ["Resultat vars bedömning inte är den bästa på modellens skala."],
                    shortcomings),
            Section("Ej genomförda egenkontroller", [], not_done)]),
    ]
    figures = [("Försenade revisioner", str(len(overdue.rows))), ("Försenade åtgärder", str(len(late.rows))),
               ("Öppna åtgärder", str(len(open_.rows))), ("Resultat med brister", str(len(shortcomings.rows))),
               ("Ej genomförda egenkontroller", str(len(not_done.rows)))]
    unmet = unmet_indicators(index)
    if unmet is not None:
        chapters.append(Chapter("mal", "Mål och indikatorer", [
            Section("Indikatorer som inte nådde målet", [], unmet)]))
        figures.append(("Indikatorer som inte nådde målet", str(len(unmet.rows))))
    chapters.insert(0, Chapter("oversikt", "Översikt", [Section("Det som behöver beslut", [], figures=figures)]))
    return Document(f"ledningens-genomgang-{year}", f"Underlag till ledningens genomgång {year}",
                    index.model.organisation, f"Läget den {index.today.isoformat()}", chapters)
