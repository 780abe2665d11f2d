"""Follow-up rules: an open action has a date or says why it has none, and a risk in
force is assessed again within the period the model sets."""

from __future__ import annotations

import datetime as dt

from lotsen.dates import add_months, parse_date
from lotsen.findings import Finding
from lotsen.model import Model
from lotsen.source.scanner import NeedSource


def follow_up_findings(model: Model, needs: list[NeedSource], today: dt.date) -> list[Finding]:
    findings = []
    role = model.field_for
    state = role("state")
    due, reason = role("due_date"), role("due_reason")
    closed = set(model.reports.action_closed_statuses)
    for need in needs:
        name = need.id or need.title
        if need.type == model.reports.action_type and due and need.value(state) not in closed:
            if not need.value(due) and not (reason and need.value(reason)):
                hint = f"Skriv ':{due}: ÅÅÅÅ-MM-DD'"
                hint += f", eller skäl till att det inte går än i ':{reason}:'." if reason else "."
                findings.append(Finding(need.file, need.line, "action_due_missing",
                                        f"Åtgärden {name} har inget datum för när den ska vara klar.", hint,
                                        model.severity_of("action_due_missing")))
        risk = model.risk
        assessed = role("assessment_date")
        if (need.type == risk.type and risk.reassess_months and assessed
                and (not risk.active_statuses or need.value(state) in risk.active_statuses)):
            last = parse_date(need.value(assessed))
            if last is not None and add_months(last, risk.reassess_months) < today:
                findings.append(Finding(
                    need.file, need.line_of(assessed), "risk_not_reassessed",
                    f"Risken {name} bedömdes senast {last.isoformat()}, för mer än {risk.reassess_months} "
                    "månader sedan.",
                    f"Bedöm risken igen med ägaren och skriv dagens datum i ':{assessed}:'.",
                    model.severity_of("risk_not_reassessed")))
    return findings
