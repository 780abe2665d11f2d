"""Checks of what authors write: no personal data on any path into the site, nothing
from outside the repository, no raw HTML beyond the model's policy, and routines in
plain language."""

from __future__ import annotations

import difflib
from pathlib import Path

from lotsen.cache import remember, text_key
from lotsen.checks import confinement
from lotsen.checks.hidden_numbers import find_hidden_personal_numbers
from lotsen.checks.personal_data import find_emails, find_personal_numbers
from lotsen.checks.raw_html import NEVER_ALLOWED, disallowed, find_raw_html
from lotsen.checks.readability import Lix, lix, lix_level
from lotsen.findings import Finding
from lotsen.model import Model
from lotsen.source.files import is_page, leaves_repository
from lotsen.source.scanner import NeedSource, Reading

#: Largest file brought in by content that is read for personal data (larger ones are
#: not text an author wrote).
_INCLUDED_MAX = 2 * 1024 * 1024


def personal_data_findings(model: Model, shown: str, text: str) -> list[Finding]:
    """Personnummer, samordningsnummer and e-mail addresses, named but never echoed."""
    allowed = tuple(model.content_checks.allowed_emails)
    markdown = shown.lower().endswith(".md")
    numbers, emails = remember(("personal", text_key(text), allowed, markdown),
                               lambda: (find_personal_numbers(text)
                                        + (find_hidden_personal_numbers(text) if markdown else []),
                                        find_emails(text, allowed)))
    findings = []
    for hit in sorted(numbers, key=lambda hit: (hit.line, hit.column)):
        where = (f"kolumn {hit.column}" if hit.column else
                 "delat av formatering eller en radbrytning i texten, men helt på sidan")
        findings.append(Finding(
            shown, hit.line, "personal_number",
            f"Raden innehåller något som är ett giltigt {hit.kind} ({hit.masked}, {where}). "
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
        score = routine_lix(model, need)
        if score is not None and score.words and score.value > limit:
            findings.append(Finding(
                need.file, need.line, "lix_high",
                f"Rutinen {need.id} har LIX {score.value:g} ({lix_level(score.value)}); gränsen är {limit}. "
                f"{score.words} ord i {score.sentences} meningar, {score.long_words} långa ord.",
                "Skriv kortare meningar och byt långa ord mot vanliga, så att rutinen går att läsa i mobilen "
                "mitt i ett arbetspass.",
                model.severity_of("lix_high"),
            ))
    return findings


def routine_lix(model: Model, need: NeedSource) -> Lix | None:
    """The LIX of a routine's text (None: ``need`` is no routine), kept by its text."""
    if need.type != model.structure.routine_type:
        return None
    text = "\n".join(need.body)
    return remember(("lix", text_key(text)), lambda: lix(text))


def before_reading(model: Model, root: Path, path: Path, shown: str) -> tuple[list[Finding], bool]:
    """Findings about a file before its content is read, and whether to read it as a page.

    A link out of the repository is reported and never read. A file or folder name
    with a personal number is reported (the name would be the page's address; the
    build leaves the file out). A file that is no page (reStructuredText, or in a
    hidden folder) is guarded for personal data only.
    """
    findings = []
    if leaves_repository(root, path):
        findings.append(Finding(
            shown, 1, "outside_repository",
            "Länken leder till en fil eller mapp utanför arkivet. Den läses inte och kommer inte med på webbplatsen.",
            "Kopiera in innehållet i arkivet i stället för att länka till det.",
            model.severity_of("outside_repository"),
        ))
        return findings, False
    for hit in find_personal_numbers(shown):
        findings.append(Finding(
            shown, 1, "personal_number",
            f"Fil- eller mappnamnet innehåller något som är ett giltigt {hit.kind} ({hit.masked}). "
            "Namnet blir sidans adress och syns i loggar.",
            "Byt namn på filen eller mappen, till exempel efter objektets ID.",
            model.severity_of("personal_number"),
        ))
    if not is_page(root, path):
        if path.suffix == ".rst" and not any(p.startswith(".") for p in Path(shown).parts):
            findings.append(Finding(
                shown, 1, "file_not_markdown",
                "Filen är inte skriven i Markdown (.md) och blir ingen sida på webbplatsen.",
                "Skriv om innehållet i Markdown och byt filändelse till .md, eller ta bort filen.",
                model.severity_of("file_not_markdown"),
            ))
        try:  # a broken link, a loop of links or a pipe is not read (and no page either)
            text = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""
        except OSError:
            text = ""
        guarded = personal_data_findings(model, shown, text)
        if any(p.startswith(".") for p in Path(shown).parts):
            # a hidden folder holds tools' files too (templates of a git host): only
            # personal numbers there, not the addresses of functional mailboxes
            guarded = [f for f in guarded if f.code == "personal_number"]
        findings.extend(guarded)
        return findings, False
    return findings, True


def _missing_message(ref: confinement.Reference) -> str:
    if ref.what == "länken":
        return f"Länken går till '{ref.written}', men den filen finns inte."
    if ref.what == "bilden":
        return f"Bilden '{ref.written}' finns inte."
    return f"{ref.what} hämtar '{ref.written}', men den filen finns inte."


def _nearest_file(root: Path, document: Path, written: str) -> str:
    """' (menade du 'x'?)' with the file in the same folder whose name is nearest."""
    target = confinement.resolve(root, document, written)
    try:
        names = [p.name for p in target.parent.iterdir() if not p.name.startswith(".")] if target.parent.is_dir() else []
    except OSError:
        names = []
    close = difflib.get_close_matches(target.name, names, n=1, cutoff=0.6)
    if not close:
        return ""
    suggested = written.rstrip("/").rsplit("/", 1)[0] + "/" + close[0] if "/" in written.rstrip("/") else close[0]
    return f" (menade du '{suggested}'?)"


def after_reading(model: Model, root: Path, path: Path, shown: str, text: str,
                  reading: Reading | None = None) -> list[Finding]:
    """Findings about what a page brings in (files from outside the repository, and
    personal data in files from inside) and the raw HTML it holds."""
    findings = []
    for ref in confinement.outside_references(root, path, text, reading=reading):
        where = ("som i sin tur hämtar något utanför arkivet" if ref.through
                 else "som ligger utanför arkivet")
        findings.append(Finding(
            shown, ref.line, "outside_repository",
            f"{ref.what} hämtar '{ref.written}', {where}. Det läses inte och sidan kommer inte med "
            "på webbplatsen.",
            "Lägg filen i arkivet och hänvisa till den där, eller ta bort hänvisningen.",
            model.severity_of("outside_repository"),
        ))
    for ref in confinement.missing_files(root, path, text, reading):
        findings.append(Finding(
            shown, ref.line, "file_missing",
            _missing_message(ref),
            "Kontrollera filens namn och mapp, eller ta bort hänvisningen"
            f"{_nearest_file(root, path, ref.written)}."
            + (" Till ett objekt länkar du säkrast med dess ID, till exempel {need}`RUT-HT-001`: en sådan länk "
               "gäller även när filen byter namn." if ref.what == "länken" else ""),
            model.severity_of("file_missing"),
        ))
    for ref, target in confinement.inside_files(root, path, text, reading):
        if target.suffix == ".md" or target.stat().st_size > _INCLUDED_MAX:
            continue  # content files are checked on their own
        included = target.read_text(encoding="utf-8", errors="replace")
        relative = target.resolve().relative_to(root.resolve()).as_posix()
        for finding in personal_data_findings(model, relative, included):
            findings.append(Finding(finding.file, finding.line, finding.code,
                                    f"{finding.message} Filen kommer med på sidan {shown} (rad {ref.line}).",
                                    finding.hint, finding.severity))
    allowed = model.content_checks.allowed_html
    for hit in find_raw_html(text, reading):
        if not disallowed(hit, allowed):
            continue
        never = [part for part in hit.forbidden]
        shown_tags = ", ".join(f"<{tag}>" for tag in hit.tags)
        if never:
            message = (f"Raden innehåller HTML som aldrig är tillåten ({', '.join(never)}). Den kan dölja "
                       "text, skicka läsaren vidare till en annan webbplats eller köra ett program.")
        else:
            message = f"Raden innehåller HTML ({shown_tags}), som inte är tillåten i ledningssystemet."
        permitted = ", ".join(sorted(set(allowed) - NEVER_ALLOWED)) or "inga"
        findings.append(Finding(
            shown, hit.line, "raw_html", message,
            "Skriv med Markdown i stället: en tabell med | och -, en länk som [text](adress), en bild som "
            f"![beskrivning](bild.png), fet stil med **text**. Tillåtna HTML-element enligt modellen: {permitted}.",
            model.severity_of("raw_html"),
        ))
    return findings
