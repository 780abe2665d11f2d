"""Reads need directives from the MyST source: which blocks are directives comes from
MyST's own parser (``blocks``), what an object's options say from Lotsen's reading of
its option block (``options``), which names MyST's silent traps.

Reading the source ourselves gives every option its exact line, makes validation
possible without a Sphinx build (``lotsen check``), and lets Lotsen name what MyST
would drop or show as plain text instead of losing it without a word.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from lotsen.findings import Finding
from lotsen.source.blocks import (
    Directive,
    Reading,
    control_characters,
    id_words_of,
    may_hold_blocks,
    read_blocks,
    rst_directives,
)
from lotsen.source.options import OptionValue, read_options, split_values

__all__ = ["NeedSource", "OptionValue", "Reading", "SourceScan", "close_to_type", "scan_file", "scan_text",
           "split_values"]

#: Directives whose body MyST reads as Markdown, so that objects and references in it
#: are on the page. Any other directive's body is code, data or a list of pages.
MARKDOWN_BODIES = frozenset({
    "admonition", "attention", "caution", "danger", "error", "hint", "important", "note", "tip",
    "warning", "seealso", "todo", "topic", "sidebar", "container", "div", "only", "compound",
    "epigraph", "highlights", "pull-quote", "rst-class", "versionadded", "versionchanged",
    "deprecated", "versionremoved", "figure", "table", "list-table", "hlist",
})
#: The role that names another object in running text.
NEED_ROLES = frozenset({"need"})
#: A role among the names a scan finds (``SourceScan.directives``) is written with this
#: mark before its name: roles and directives are both names the build must know, and
#: are checked against what it knows in one place (checks/pipeline.py ``unknown_directives``).
ROLE_MARK = "`"
#: The default reading: MyST as this project configures it when nothing is said.
DEFAULT_READING = Reading()


@dataclass
class NeedSource:
    """A need directive found in a source file."""

    type: str
    title: str
    file: str
    line: int
    options: dict[str, OptionValue]
    body_line: int
    body: list[str]
    #: IDs named with the ``{need}`` role in the body, with their lines.
    refs: list[tuple[str, int]] = field(default_factory=list)

    def references(self) -> list[tuple[str, int]]:
        """IDs named with the ``{need}`` role in the body, with their lines."""
        return list(self.refs)

    @cached_property
    def id(self) -> str:
        """Read once per object: every check, report and page asks for it, over a
        hundred thousand times in a build of M. An object's options are never changed
        after it is read (``dataclasses.replace`` makes a new object, and reads it again)."""
        option = self.options.get("id")
        return option.raw.strip() if option else ""

    def digest(self) -> str:
        """Changes whenever anything a page could show of this object changes.

        Made once per object, and kept with it: an object read from an unchanged file
        comes from Lotsen's cache (lotsen.cache) with its digest, so that after an edit
        only the edited file's objects are hashed again."""
        found = self.__dict__.get("_digest")
        if found is None:
            import hashlib

            parts = [self.type, self.title, *(f"{k}={o.raw}" for k, o in sorted(self.options.items())), *self.body]
            found = self.__dict__["_digest"] = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]
        return found

    def link_targets(self) -> list[str]:
        """Every ID in the options and in inline references: what this object's page shows.
        Kept with the object, as its digest is."""
        found = self.__dict__.get("_targets")
        if found is None:
            ids = {v for name, o in self.options.items() if name != "id" for v in o.values}
            found = self.__dict__["_targets"] = tuple(sorted(ids | {ref for ref, _ in self.references()}))
        return list(found)

    def values(self, name: str) -> list[str]:
        option = self.options.get(name)
        return option.values if option else []

    def value(self, name: str) -> str:
        option = self.options.get(name)
        return option.raw.strip() if option else ""

    def line_of(self, name: str) -> int:
        option = self.options.get(name)
        return option.line if option else self.line



@dataclass
class SourceScan:
    needs: list[NeedSource] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    text: str = ""
    #: Every directive found, as (name, line), and every role but ``{need}`` (its name
    #: after ``ROLE_MARK``): what is checked against the directives
    #: the build knows.
    directives: list[tuple[str, int]] = field(default_factory=list)
    #: ``{need}`` references outside any object, as (ID, line).
    references: list[tuple[str, int]] = field(default_factory=list)
    #: Words shaped like an ID in the text outside any object, as (word, line).
    id_words: list[tuple[str, int]] = field(default_factory=list)


def scan_file(path: Path, shown: str, need_types: set[str], reading: Reading | None = None) -> SourceScan:
    """Scan one Markdown file; ``shown`` is the path used in findings.

    A build reads each file more than once (to leave drafts out, to validate), and
    the next build mostly the same files again: an unchanged file is scanned once.
    The scan is keyed by the file's content, never its time stamp: a checkout or a
    copy that keeps the time and size of an edited file is scanned again all the same.
    """
    from lotsen.cache import bytes_key, remember

    reading = reading or DEFAULT_READING
    data = path.read_bytes()
    text = decoded(data)
    key = ("scan", bytes_key(data), shown, tuple(sorted(need_types)), reading.key)
    # kept without its text, which is read from the file anyway: a third of the cache
    kept = remember(key, lambda: replace(scan_text(text, shown, need_types, reading), text=""))
    return replace(kept, text=text)


def decoded(data: bytes) -> str:
    """As ``Path.read_text(encoding="utf-8-sig")`` reads it, with its line ends.

    A text without a carriage return has no line end to translate: ``bytes.decode``
    gives the same text at a fifth of the cost (M: some 300 files decoded twice an
    edit, 0.02 s). Any other text, and any that is not UTF-8 (whose error tells the
    line), goes through the text layer as before.
    """
    import io

    if b"\r" not in data:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig").read()


def normalised(text: str) -> str:
    """The text as MyST's parser reads it: one kind of line end, no NUL."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "\ufffd")


def scan_text(text: str, shown: str, need_types: set[str], reading: Reading | None = None) -> SourceScan:
    reading = reading or DEFAULT_READING
    scan = SourceScan(text=text)
    source = normalised(text)
    md, config = reading.parser_for(source)
    _control_findings(text, shown, scan)
    #: (text, its first line, the object whose body it is)
    pending: list[tuple[str, int, NeedSource | None]] = [(source, 1, None)]
    while pending:
        part, first_line, owner = pending.pop()
        blocks = read_blocks(part, first_line, md, config)
        for start, end in blocks.too_deep:
            _too_deep(source, start, end, need_types, shown, scan)
        for name, line in blocks.colon_as_text:
            _colon_as_text(name, line, need_types, shown, scan)
        if owner is None:
            scan.id_words.extend(blocks.id_words)
        for name, line in blocks.fence_as_text:
            _fence_as_text(name, line, need_types, shown, scan)
        for name, line in blocks.indented_as_code:
            if name in need_types:
                _indented_as_code(name, line, shown, scan)
        for role, content, line in blocks.roles:
            if role in NEED_ROLES:
                target = _role_target(content)
                (owner.refs if owner else scan.references).append((target, line))
            elif role:
                scan.directives.append((ROLE_MARK + role, line))
        for directive in reversed(blocks.directives):
            _directive(directive, owner, need_types, shown, scan, pending, reading)
    scan.needs.sort(key=lambda n: n.line)
    scan.directives.sort(key=lambda d: d[1])
    scan.references.sort(key=lambda r: r[1])
    scan.id_words.sort(key=lambda w: w[1])
    for need in scan.needs:
        need.refs.sort(key=lambda r: r[1])
    return scan


def _role_target(content: str) -> str:
    """The ID in ``ID`` or ``title <ID>``."""
    content = content.strip()
    if content.endswith(">") and "<" in content:
        return content[content.rindex("<") + 1 : -1].strip()
    return content


def _directive(directive: Directive, owner: NeedSource | None, need_types: set[str], shown: str,
               scan: SourceScan, pending: list, reading: Reading) -> None:
    name = directive.name
    if name == "eval-rst":
        scan.directives.append((name, directive.line))
        for rst_name, line in rst_directives(directive):
            scan.directives.append((rst_name, line))
            if rst_name in need_types:
                scan.findings.append(Finding(
                    shown, line, "need_in_rst",
                    f"Objektet ({{{rst_name}}}) står i ett {{eval-rst}}-block, skrivet i ett annat "
                    "textformat än resten av filen. Där kan Lotsen inte läsa och kontrollera det.",
                    f"Skriv objektet som de andra, utanför blocket: ```{{{rst_name}}} Rubrik, med fälten "
                    "på raderna under.",
                ))
        return
    scan.directives.append((name, directive.line))
    if name in need_types:
        need = _read_need(directive, shown, scan)
        if need.body and may_hold_blocks("\n".join(need.body)):
            pending.append(("\n".join(need.body), need.body_line, need))
        return
    _check_misspelt_type(name, directive.line, need_types, shown, scan)
    if reading.canonical(name) in MARKDOWN_BODIES:
        if may_hold_blocks("\n".join(directive.content)):
            pending.append(("\n".join(directive.content), directive.line + 1, owner))
        elif owner is None:  # running text, read here without a parse
            scan.id_words.extend(id_words_of(directive.content, directive.line + 1))


def _read_need(directive: Directive, shown: str, scan: SourceScan) -> NeedSource:
    content = list(directive.content)
    block = read_options(content, directive.line, shown, scan.findings)
    body = content[block.body_start:]
    need = NeedSource(directive.name, directive.argument.strip(), shown, directive.line, block.options,
                      directive.line + 1 + block.body_start, body)
    scan.needs.append(need)
    return need


def close_to_type(name: str, model_or_types) -> str | None:
    """The need type a directive name is almost spelt as, if any."""
    types = sorted(getattr(model_or_types, "types", model_or_types))
    close = difflib.get_close_matches(name.lower(), types, n=1, cutoff=0.75)
    return close[0] if close else None


def _check_misspelt_type(name: str, line: int, need_types: set[str], shown: str, scan: SourceScan) -> None:
    """A directive named almost like a need type is a typo that would drop the object."""
    close = close_to_type(name, need_types)
    if close:
        scan.findings.append(Finding(
            shown, line, "directive_unknown",
            f"Direktivet '{{{name}}}' finns inte, så objektet kommer inte med.",
            f"Menade du '{{{close}}}'? Objekttyperna är: {', '.join(sorted(need_types))}.",
        ))


def _too_deep(source: str, start: int, end: int, need_types: set[str], shown: str, scan: SourceScan) -> None:
    lost = [line for line in source.split("\n")[start - 1 : end]
            if any(f"{{{t}}}" in line for t in need_types) and line.lstrip(" >-*+0123456789.)").startswith(("```", "~~~", ":::"))]
    objects = f" Där står {_count(len(lost), 'objekt', 'objekt')}, som inte kommer med." if lost else ""
    lines = f"Rad {start}" if start == end else f"Raderna {start}–{end}"
    scan.findings.append(Finding(
        shown, start, "nesting_too_deep",
        f"Listan eller citatet är nästlat i för många nivåer. {lines} visas inte på "
        f"webbplatsen.{objects}",
        "Gör listan plattare: högst nio nivåer listor i listor. Dela upp den i flera listor med en "
        "mellanrubrik, eller skriv underpunkterna som vanlig text.",
    ))


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _colon_as_text(name: str, line: int, need_types: set[str], shown: str, scan: SourceScan) -> None:
    what = "objektet kommer inte med" if name in need_types else "blocket fungerar inte"
    scan.findings.append(Finding(
        shown, line, "colon_fence_as_text",
        f"Raden ':::{{{name}}}' visas som vanlig text på webbplatsen, så {what}. Block med ':::' "
        "är inte påslagna i det här projektet.",
        f"Skriv blocket med tre bakåtfnuttar i stället: ```{{{name}}} på första raden och ``` på sista.",
    ))


def _fence_as_text(name: str, line: int, need_types: set[str], shown: str, scan: SourceScan) -> None:
    what = "objektet kommer inte med" if name in need_types else "blocket fungerar inte"
    scan.findings.append(Finding(
        shown, line, "fence_as_text",
        f"Raden med ```{{{name}}} visas som vanlig text på webbplatsen, så {what}: efter de tre "
        "bakåtfnuttarna får raden inte ha fler bakåtfnuttar (`).",
        "Ta bort bakåtfnuttarna ur rubriken, eller börja och sluta blocket med tre tilde (~~~) i "
        "stället för bakåtfnuttar.",
    ))


def _indented_as_code(name: str, line: int, shown: str, scan: SourceScan) -> None:
    scan.findings.append(Finding(
        shown, line, "need_as_code",
        f"Objektet ({{{name}}}) är indraget med fyra blanksteg eller mer. Det visas då som kod, "
        "med fälten som vanlig text, och kommer inte med som objekt.",
        "Ta bort indraget, så att raden börjar med ```. Står objektet i en lista: dra in det lika "
        "mycket som texten i listpunkten, inte mer.",
    ))


def _control_findings(text: str, shown: str, scan: SourceScan) -> None:
    """A NUL or another control character is invisible in an editor and garbles the page."""
    for line, column, char in control_characters(normalised_ends(text)):
        code = f"U+{ord(char):04X}"
        scan.findings.append(Finding(
            shown, line, "control_character",
            f"Raden innehåller ett osynligt styrtecken ({code}, kolumn {column}). Det visas inte som "
            "text och kan förstöra raden på webbplatsen.",
            "Ta bort tecknet: skriv om raden, eller radera och skriv in tecknen runt kolumnen igen. "
            "Det kommer ofta med när text klistras in från ett annat program.",
        ))


def normalised_ends(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
