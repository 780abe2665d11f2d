"""Checks of what authors write: no personal data, and routines in plain language."""

from __future__ import annotations

from lotsen.cache import remember, text_key
from lotsen.checks.personal_data import find_emails, find_personal_numbers
from lotsen.checks.readability import lix, lix_level
from lotsen.findings import Finding
from lotsen.model import Model
from lotsen.source.scanner import NeedSource


def personal_data_findings(model: Model, shown: str, text: str) -> list[Finding]:
    """Personnummer, samordningsnummer and e-mail addresses, named but never echoed."""
    allowed = tuple(model.content_checks.allowed_emails)
    numbers, emails = remember(("personal", text_key(text), allowed),
                               lambda: (find_personal_numbers(text), find_emails(text, allowed)))
    findings = []
    for hit in numbers:
        findings.append(Finding(
            shown, hit.line, "personal_number",
            f"Raden innehåller något som är ett giltigt {hit.kind} ({hit.masked}, kolumn {hit.column}). "
            "Personuppgifter om enskilda får inte finnas i ledningssystemet.",
            "Ta bort numret. Behöver exemplet ett nummer: skriv ÅÅMMDD-XXXX. Är det ett telefonnummer: "
            "skriv det med mellanslag, till exempel 070-123 45 67.",
            model.severity_of("personal_number"),
        ))
    for hit in emails:
        allowed_text = ", ".join(allowed) or "inga"
        findings.append(Finding(
            shown, hit.line, "email_address",
            f"Raden innehåller e-postadressen {hit.masked}. Personliga adresser hör inte hemma i "
            "ledningssystemet, och de blir inaktuella när någon slutar.",
            f"Skriv en roll i stället, eller en funktionsbrevlåda som finns i 'content_checks.allowed_emails' "
            f"(nu: {allowed_text}).",
            model.severity_of("email_address"),
        ))
    return findings


def readability_findings(model: Model, needs: list[NeedSource]) -> list[Finding]:
    """LIX per routine, as a warning with the figure when it is above the model's limit."""
    limit = model.content_checks.lix_max
    if not limit:
        return []
    findings = []
    for need in needs:
        if need.type != model.structure.routine_type:
            continue
        text = "\n".join(need.body)
        score = remember(("lix", text_key(text)), lambda: lix(text))
        if score.words and score.value > limit:
            findings.append(Finding(
                need.file, need.line, "lix_high",
                f"Rutinen {need.id} har LIX {score.value:g} ({lix_level(score.value)}); gränsen är {limit}. "
                f"{score.words} ord i {score.sentences} meningar, {score.long_words} långa ord.",
                "Skriv kortare meningar och byt långa ord mot vanliga, så att rutinen går att läsa i mobilen "
                "mitt i ett arbetspass.",
                model.severity_of("lix_high"),
            ))
    return findings
