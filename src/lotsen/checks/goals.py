"""Rules for goals and indicators: an indicator in force serves a goal. (The outcome
files are checked as they are read, in source/goal_values.py.)"""

from __future__ import annotations

from lotsen.findings import Finding
from lotsen.model import Model
from lotsen.source.scanner import NeedSource


def goal_findings(model: Model, needs: list[NeedSource]) -> list[Finding]:
    cfg = model.goals
    if not cfg.indicator_type or not cfg.goal_link:
        return []
    drafts = set(model.publishing.draft_statuses)
    state = model.field_for("state")
    findings = []
    for need in needs:
        if need.type != cfg.indicator_type or need.value(state) in drafts or need.values(cfg.goal_link):
            continue
        code = "indicator_without_goal"
        findings.append(Finding(
            need.file, need.line, code, f"Indikatorn {need.id or need.title} bidrar inte till något mål.",
            f"Lägg till ':{cfg.goal_link}: MAL-...' med ID:t på målet som indikatorn mäter.",
            model.severity_of(code)))
    return findings
