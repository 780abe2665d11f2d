"""The prose authors write beside the data: one optional Markdown page per chapter, in
the model's folder, ``<folder>/<year>/<chapter>.md`` (an avdelning's in a folder of its
own under the year). The page's first heading is the author's; the chapter's title is
the model's. A Markdown file in the folder that no chapter reads is a finding
(``unused_prose``): its text would be missing from the berättelse without a word."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from pathlib import Path

from lotsen.checks.file_check import over_limit
from lotsen.checks.personal_data import mask_personal_numbers
from lotsen.findings import Finding
from lotsen.model import Model
from lotsen.source.blocks import Reading, block_tokens
from lotsen.source.files import leaves_repository
from lotsen.source.scanner import DEFAULT_READING, decoded

_HEADING = re.compile(r"^#\s+.*$")


def prose_folder(model: Model, year: int, unit: str = "") -> str:
    """The folder of a year's prose pages, relative to the project root ("" without one)."""
    if not model.story.folder:
        return ""
    base = f"{model.story.folder}/{year}"
    return f"{base}/{unit.lower()}" if unit else base


def read_prose(root: Path | None, model: Model, year: int, key: str, unit: str = "") -> tuple[str, str]:
    """(Markdown without its first heading, path relative to root) or ("", path)."""
    folder = prose_folder(model, year, unit)
    if not folder:
        return "", ""
    shown = f"{folder}/{key}.md"
    if root is None:
        return "", shown
    text = prose_text(model, root, root / shown)
    if text is None:
        return "", shown
    lines = text.splitlines()
    while lines and not lines[0].strip():
        lines.pop(0)
    if lines and _HEADING.match(lines[0]):
        lines.pop(0)
    return mask_personal_numbers("\n".join(lines).strip()), shown


def prose_text(model: Model, root: Path, path: Path) -> str | None:
    """A prose file's text as the check reads it, or None when the check does not read
    it (and says so): larger than the model's limit, not UTF-8, or a link out of the
    repository. What the check leaves out is never in the berättelse."""
    try:
        if not path.is_file() or leaves_repository(root, path) or over_limit(model, path):
            return None
        return decoded(path.read_bytes())
    except (OSError, UnicodeDecodeError):
        return None


def unused_prose(model: Model, root: Path, files: Iterable[Path], year: int) -> list[Finding]:
    """A finding for each Markdown file among ``files`` under the prose folder that no
    chapter of any year or unit reads: a name that is no chapter's, or a file deeper
    than a unit's folder. A year's or unit's folder that is neither is one finding of its
    own, for all the files in it. ``year``: the year the hints take as their example."""
    story = model.story
    if not story.folder or not story.chapters:
        return []
    chapters = [spec.key for spec in story.chapters]
    units = {code.lower() for code in model.units}
    severity = model.severity_of("story_prose_unused")
    lost = "kommer inte med i kvalitetsberättelsen"
    findings: dict[str, Finding] = {}

    def add(where: str, line: int, message: str, hint: str) -> None:
        findings.setdefault(where, Finding(where, line, "story_prose_unused", message, hint, severity))

    for path in files:
        shown = path.relative_to(root).as_posix()
        if not shown.startswith(story.folder + "/") or path.suffix.lower() != ".md":
            continue
        parts = shown[len(story.folder) + 1:].split("/")
        if len(parts) == 1:
            add(shown, 1, f"Filen ligger inte i en mapp för ett år, så texten {lost}.",
                f"Flytta den till årets mapp och ge den ett kapitels namn, till exempel "
                f"{story.folder}/{year}/{chapters[0]}.md.")
        elif not re.fullmatch(r"\d{4}", parts[0]):
            add(f"{story.folder}/{parts[0]}", 0, f"Mappen '{parts[0]}' är inget år, så texterna i den {lost}.",
                f"Byt namn på mappen till året texterna gäller, till exempel {story.folder}/{year}.")
        elif len(parts) == 3 and parts[1] not in units:
            add("/".join([story.folder, *parts[:2]]), 0,
                f"Mappen '{parts[1]}' är ingen enhet i modellen, så texterna i den {lost}.",
                "Byt namn på mappen till koden för avdelningen eller enheten, med små bokstäver"
                f"{_nearest(parts[1], units, ' (menade du {}?)')}.")
        elif len(parts) > 3:
            add(shown, 1, f"Filen ligger för djupt, så texten {lost}. Ett års mapp har bara kapitlens filer "
                "och en mapp per enhet.",
                f"Flytta filen till {'/'.join([story.folder, *parts[:2]])} och ge den ett kapitels namn.")
        elif Path(parts[-1]).stem not in chapters:
            add(shown, 1, f"Filen heter inte som något kapitel, så texten {lost}.",
                f"Byt namn på filen till kapitlets namn{_nearest(Path(parts[-1]).stem, chapters, ' (menade du {}.md?)')}. "
                f"Kapitlen är: {', '.join(chapters)}.")
    return sorted(findings.values())


def _nearest(word: str, candidates: Iterable[str], form: str) -> str:
    close = difflib.get_close_matches(word.lower(), list(candidates), n=1, cutoff=0.6)
    return form.format(close[0]) if close else ""


#: What the outputs show of the prose (reports/prose_markdown.py), as block and inline
#: tokens of the check's reading; raw HTML is the check's own finding (raw_html).
_BLOCKS = {"paragraph_open", "paragraph_close", "heading_open", "heading_close", "inline", "bullet_list_open",
           "bullet_list_close", "ordered_list_open", "ordered_list_close", "list_item_open", "list_item_close",
           "blockquote_open", "blockquote_close", "hr", "code_block", "fence", "html_block", "table_open",
           "table_close", "thead_open", "thead_close", "tbody_open", "tbody_close", "tr_open", "tr_close",
           "th_open", "th_close", "td_open", "td_close"}
_INLINE = {"text", "strong_open", "strong_close", "em_open", "em_close", "link_open", "link_close", "code_inline",
           "softbreak", "hardbreak", "html_inline", "myst_role"}
_WEB = re.compile(r"^(https?:|mailto:)", re.I)
_SHOWN = "Skriv med vanlig text, listor, tabeller, länkar till webbadresser och fet eller kursiv stil."


def prose_format(model: Model, root: Path, files: Iterable[Path], reading: Reading | None = None) -> list[Finding]:
    """A finding for each thing in a chapter's prose that the berättelse cannot show as
    the check reads it: a block (```{note}``` and the like), a role other than
    {need}, a footnote, a picture, a link to a file, a second heading with one #, and
    any other markup outside the subset of reports/prose_markdown.py. One finding per
    line and kind."""
    story = model.story
    if not story.folder or not story.chapters:
        return []
    chapters = {spec.key for spec in story.chapters}
    units = {code.lower() for code in model.units}
    severity = model.severity_of("story_prose_format")
    findings: dict[tuple[str, int, str], Finding] = {}
    for path in files:
        shown = path.relative_to(root).as_posix()
        parts = shown[len(story.folder) + 1:].split("/") if shown.startswith(story.folder + "/") else []
        if not (2 <= len(parts) <= 3 and re.fullmatch(r"\d{4}", parts[0]) and parts[-1].endswith(".md")
                and parts[-1][:-3] in chapters and (len(parts) == 2 or parts[1] in units)):
            continue
        text = prose_text(model, root, path)
        if text is None:
            continue
        for line, kind, message, hint in _unshown(text, reading or DEFAULT_READING):
            findings.setdefault((shown, line, kind), Finding(shown, line, "story_prose_format", message, hint,
                                                             severity))
    return sorted(findings.values())


def _unshown(text: str, reading: Reading) -> list[tuple[int, str, str, str]]:
    md, _config = reading.parser_for(text)
    found = []
    headings = 0
    for token in block_tokens(md, text):
        line = token.map[0] + 1 if token.map else 0
        kind = token.type
        if kind == "heading_open" and token.tag == "h1":
            headings += 1
            if headings > 1:
                found.append((line, "heading", "Texten har mer än en rubrik med ett #. Den första rubriken är "
                              "kapitlets; de andra blir underrubriker i kvalitetsberättelsen.",
                              "Skriv underrubrikerna med ##."))
        elif kind == "fence" and token.info.strip().startswith("{"):
            name = token.info.strip()[1:].split("}")[0]
            found.append((line, kind, f"Rutan '{{{name}}}' visas inte i kvalitetsberättelsen: där blir den kod.",
                          "Skriv innehållet som vanlig text, till exempel ett stycke som börjar med **Obs!**"))
        elif kind.startswith("footnote"):
            continue  # a footnote's text: its mark in the text is the finding
        elif kind == "inline" and token.map:
            found += _unshown_inline(md, token.content, line)
        elif kind not in _BLOCKS and line:
            found.append((line, kind, "Det som står här visas inte i kvalitetsberättelsen som det är skrivet.",
                          _SHOWN))
    return found


def _unshown_inline(md, content: str, line: int) -> list[tuple[int, str, str, str]]:
    children: list = []
    md.inline.parse(content, md, {}, children)
    found = []
    for child in children:
        kind = child.type
        if kind in ("softbreak", "hardbreak"):
            line += 1
        elif kind == "myst_role" and child.meta.get("name") != "need":
            name = child.meta.get("name", "")
            found.append((line, kind, f"'{{{name}}}' visas inte i kvalitetsberättelsen: där blir det kod.",
                          "Skriv texten utan " + f"{{{name}}}. Till ett objekt länkar du med {{need}}, till exempel "
                          "{need}`RUT-HT-001`."))
        elif kind == "footnote_ref":
            found.append((line, kind, "Fotnoter visas inte i kvalitetsberättelsen.",
                          "Skriv förklaringen i texten, till exempel inom parentes."))
        elif kind == "image":
            found.append((line, kind, "Bilder visas inte i kvalitetsberättelsen.",
                          "Ta bort bilden, och skriv i texten det som bilden visar."))
        elif kind == "link_open" and not _WEB.match(str(child.attrGet("href") or "")):
            found.append((line, kind, "Länken går till en sida eller fil i arkivet. Den fungerar inte i "
                          "kvalitetsberättelsens PDF och Word-fil.",
                          "Länka till ett objekt med {need}, till exempel {need}`RUT-HT-001`, eller till en "
                          "webbadress som börjar med https://."))
        elif kind not in _INLINE:
            found.append((line, kind, "Det som står här visas inte i kvalitetsberättelsen som det är skrivet.",
                          _SHOWN))
    return found
