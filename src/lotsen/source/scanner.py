"""Reads need directives straight from the MyST source, line by line.

sphinx-needs and MyST lose data silently in a few places (DESIGN.md, "Known traps"):
``[a, b]`` lists, YAML lists in a ``---`` block, and option lines that end up in the
body. Reading the source ourselves, with MyST's own option tokenizer, gives every
option its exact line and lets Lotsen name those traps instead of losing the data.
It also makes validation possible without a Sphinx build (``lotsen check``).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from textwrap import dedent

from myst_parser.parsers.options import TokenizeError, options_to_tokens

from lotsen.findings import Finding

_FENCE_OPEN = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,}|:{3,})\s*(?P<info>.*)$")
_DIRECTIVE_INFO = re.compile(r"^\{(?P<name>[^}\s]+)\}\s*(?P<arg>.*)$")
_OPTION_LIKE = re.compile(r"^\s*:(?P<name>[^:\s`{][^:\s]*):(\s|$)")
_LIST_SPLIT = re.compile(r"[,;|]")
_NEED_ROLE = re.compile(r"\{need\}`(?:[^`<]*<)?(?P<id>[^`>]+)>?`")


@dataclass
class OptionValue:
    """One option as the author wrote it, and the values Lotsen reads from it."""

    name: str
    raw: str
    line: int
    values: list[str] = field(default_factory=list)


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

    def references(self) -> list[tuple[str, int]]:
        """IDs named with the ``{need}`` role in the body, with their lines."""
        return [(m["id"].strip(), self.body_line + number)
                for number, text in enumerate(self.body) for m in _NEED_ROLE.finditer(text)]

    @property
    def id(self) -> str:
        option = self.options.get("id")
        return option.raw.strip() if option else ""

    def digest(self) -> str:
        """Changes whenever anything a page could show of this object changes."""
        import hashlib

        parts = [self.type, self.title, *(f"{k}={o.raw}" for k, o in sorted(self.options.items())), *self.body]
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]

    def link_targets(self) -> list[str]:
        """Every ID in the options and in inline references: what this object's page shows."""
        found = {v for name, o in self.options.items() if name != "id" for v in o.values}
        return sorted(found | {ref for ref, _ in self.references()})

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
    #: Every directive found, as (name, line): what the build checks against the
    #: directives it knows.
    directives: list[tuple[str, int]] = field(default_factory=list)


def split_values(raw: str) -> list[str]:
    """Split a list value the way sphinx-needs does: on ``,``, ``;`` or ``|``."""
    return [part.strip() for part in _LIST_SPLIT.split(raw) if part.strip()]


def scan_file(path: Path, shown: str, need_types: set[str]) -> SourceScan:
    """Scan one Markdown file; ``shown`` is the path used in findings.

    A build reads each file more than once (to leave drafts out, to validate), and
    the next build mostly the same files again: an unchanged file is scanned once.
    """
    from lotsen.cache import remember

    stat = path.stat()
    key = ("scan", str(path), shown, stat.st_mtime_ns, stat.st_size, tuple(sorted(need_types)))
    return remember(key, lambda: scan_text(path.read_text(encoding="utf-8-sig"), shown, need_types))


def scan_text(text: str, shown: str, need_types: set[str]) -> SourceScan:
    scan = SourceScan(text=text)
    lines = text.splitlines()
    _scan_block(lines, 0, len(lines), shown, need_types, scan)
    return scan


def _closing(line: str, fence: str) -> bool:
    stripped = line.strip()
    return (
        len(line) - len(line.lstrip(" ")) <= 3
        and stripped.startswith(fence[0] * len(fence))
        and stripped.strip(fence[0]) == ""
    )


def _scan_block(lines: list[str], start: int, end: int, shown: str, need_types: set[str], scan: SourceScan) -> None:
    """Find directives in lines[start:end] (0-based) and in their bodies.

    A stack rather than recursion: a file of directives nested a thousand deep is
    read like any other.
    """
    pending = [(start, end)]
    while pending:
        i, stop = pending.pop()
        while i < stop:
            match = _FENCE_OPEN.match(lines[i])
            if not match:
                i += 1
                continue
            fence = match["fence"]
            if fence[0] == ":" and not match["info"].startswith("{"):
                i += 1  # a bare ::: line is no fence
                continue
            close = i + 1
            while close < stop and not _closing(lines[close], fence):
                close += 1
            directive = _DIRECTIVE_INFO.match(match["info"].strip())
            if directive:
                name = directive["name"]
                scan.directives.append((name, i + 1))
                if name in need_types:
                    _read_need(lines, i, close, name, directive["arg"].strip(), shown, scan)
                else:
                    _check_misspelt_type(name, i + 1, need_types, shown, scan)
                # the body next, then what follows the directive (source order kept)
                pending.append((close + 1, stop))
                pending.append((i + 1, close))
                break
            i = close + 1
    scan.needs.sort(key=lambda n: n.line)


def close_to_type(name: str, model_or_types) -> str | None:
    """The need type a directive name is almost spelt as, if any."""
    types = sorted(getattr(model_or_types, "types", model_or_types))
    close = difflib.get_close_matches(name.lower(), types, n=1, cutoff=0.75)
    return close[0] if close else None


def _check_misspelt_type(name: str, line: int, need_types: set[str], shown: str, scan: SourceScan) -> None:
    """A directive named almost like a need type is a typo that would drop the object."""
    close = [close_to_type(name, need_types)] if close_to_type(name, need_types) else []
    if close:
        scan.findings.append(Finding(
            shown, line, "directive_unknown",
            f"Direktivet '{{{name}}}' finns inte, så objektet kommer inte med.",
            f"Menade du '{{{close[0]}}}'? Objekttyperna är: {', '.join(sorted(need_types))}.",
        ))


def _read_need(lines: list[str], open_at: int, close: int, type_name: str, title: str, shown: str, scan: SourceScan) -> None:
    content = lines[open_at + 1 : close]
    line_no = open_at + 1  # 1-based line of the opening fence
    options: dict[str, OptionValue] = {}
    body_start = 0
    yaml_block = bool(content) and content[0].startswith("---")
    if yaml_block:
        end = next((k for k in range(1, len(content)) if content[k].startswith("---")), len(content))
        block = content[1:end]
        first_line = line_no + 2
        _tokenize(block, first_line, options, shown, scan, yaml_block=True)
        body_start = end + 1
    else:
        count = 0
        while count < len(content) and content[count].lstrip().startswith(":") and not content[count].lstrip().startswith(":::"):
            count += 1
        _tokenize([c.lstrip()[1:] for c in content[:count]], line_no + 1, options, shown, scan, yaml_block=False)
        body_start = count
    if body_start < len(content) and not content[body_start].strip():
        body_start += 1
    body = content[body_start:]
    body_line = line_no + 1 + body_start
    _find_lost_options(content, body_start, line_no, options, shown, scan)
    scan.needs.append(NeedSource(type_name, title, shown, line_no, options, body_line, body))


def _tokenize(block: list[str], first_line: int, options: dict[str, OptionValue], shown: str, scan: SourceScan, *, yaml_block: bool) -> None:
    text = dedent("\n".join(block)) if yaml_block else "\n".join(block)
    try:
        tokens, _state = options_to_tokens(text)
        entries = [(k.value, v.value if v is not None else "", k.start.line) for k, v in tokens]
    except (TokenizeError, ValueError, OverflowError) as err:
        # ValueError/OverflowError: an escape like "\U00110000" that MyST cannot decode either
        entries = _recover(block, first_line, err, shown, scan, yaml_block=yaml_block)
    for name, raw, index in entries:
        line = first_line + index
        if name in options:
            scan.findings.append(Finding(
                shown, line, "option_duplicate",
                f"Fältet '{name}' står redan på rad {options[name].line}. Bara det sista "
                f"värdet ('{raw}') kommer med.",
                "Ta bort en av raderna. Ska fältet ha flera värden: skriv dem på en rad med kommatecken.",
            ))
        option = OptionValue(name, raw, line, split_values(raw))
        stripped = raw.strip()
        if not yaml_block and stripped.startswith("[") and stripped.endswith("]"):
            option.values = split_values(stripped[1:-1])
            scan.findings.append(Finding(
                shown, line, "myst_list_syntax",
                f"Fältet '{name}' är skrivet som en lista inom hakparenteser. MyST läser då "
                f"'[' och ']' som en del av värdena.",
                f"Ta bort hakparenteserna: ':{name}: {', '.join(option.values)}'.",
            ))
        if yaml_block:
            items = _yaml_list_items(block, index)
            if items is not None:
                option.values = items
                option.raw = ", ".join(items)
                scan.findings.append(Finding(
                    shown, line, "myst_yaml_list",
                    f"Fältet '{name}' är en YAML-lista i blocket mellan '---'. MyST gör den "
                    f"till en enda text, och värdena går förlorade.",
                    f"Skriv värdena på en rad, åtskilda med kommatecken: '{name}: {', '.join(items)}'.",
                ))
        options[name] = option


def _recover(block: list[str], first_line: int, err: TokenizeError, shown: str, scan: SourceScan, *, yaml_block: bool) -> list[tuple[str, str, int]]:
    """MyST drops the whole option block when one line is unreadable. Name that line,
    and read the others one by one so that no further findings follow from the loss."""
    entries: list[tuple[str, str, int]] = []
    bad_lines: list[int] = []
    for index, line in enumerate(block):
        if yaml_block and line[:1] in (" ", "\t"):
            continue  # a continuation of the key above
        try:
            tokens, _ = options_to_tokens(line)
        except (TokenizeError, ValueError, OverflowError):
            bad_lines.append(index)
            continue
        entries += [(k.value, v.value if v is not None else "", index) for k, v in tokens]
    if not bad_lines:
        mark = getattr(err, "context_mark", None) or getattr(err, "problem_mark", None)
        bad_lines = [mark.line if mark else 0]
    problem = getattr(err, "problem", None) or str(err)
    for index in bad_lines:
        scan.findings.append(Finding(
            shown, first_line + index, "myst_option_syntax",
            f"Raden går inte att läsa som ett fält ({problem}). MyST hoppar då över "
            f"alla fält i objektet, inte bara det här.",
            "Skriv fältet som ':namn: värde', med kolon före och efter namnet och ett "
            "blanksteg före värdet. Citattecken måste stängas på samma rad.",
        ))
    return entries


def _yaml_list_items(block: list[str], key_index: int) -> list[str] | None:
    """The items of a YAML list (``[a, b]`` or ``- a`` lines) under a key, else None."""
    head = block[key_index].split(":", 1)[1].strip() if ":" in block[key_index] else ""
    if head.startswith("[") and head.endswith("]"):
        return split_values(head[1:-1])
    if head:
        return None
    items = []
    for line in block[key_index + 1 :]:
        stripped = line.strip()
        if stripped.startswith("- "):
            items.append(stripped[2:].strip().strip("'\""))
        elif stripped and not line.startswith((" ", "\t")):
            break
    return items or None


def _find_lost_options(content: list[str], body_start: int, line_no: int, options: dict[str, OptionValue], shown: str, scan: SourceScan) -> None:
    """Options written after the option block has ended land in the body, silently."""
    lost: list[tuple[int, str]] = []
    for k in range(body_start, len(content)):
        if _FENCE_OPEN.match(content[k]):
            break  # a nested directive has its own options
        match = _OPTION_LIKE.match(content[k])
        if match:
            lost.append((k, match["name"]))
    if not lost:
        return
    first = lost[0][0]
    names = [name for _, name in lost]
    cause_index = first - 1
    while cause_index >= 0 and _OPTION_LIKE.match(content[cause_index]) and cause_index >= body_start:
        cause_index -= 1
    cause = content[cause_index] if cause_index >= 0 else ""
    if cause_index < 0:
        why = "en tom rad står direkt efter direktivraden"
    elif not cause.strip():
        why = f"en tom rad (rad {line_no + 1 + cause_index}) avslutar fältblocket"
    elif cause[:1] in (" ", "\t"):
        why = f"en indragen rad (rad {line_no + 1 + cause_index}) avslutar fältblocket"
    else:
        why = f"rad {line_no + 1 + cause_index} är inget fält och avslutar fältblocket"
    for k, name in lost:
        if name not in options:
            options[name] = OptionValue(name, content[k].split(":", 2)[2].strip(), line_no + 1 + k,
                                        split_values(content[k].split(":", 2)[2]))
    scan.findings.append(Finding(
        shown, line_no + 1 + first, "myst_options_lost",
        f"Fälten {', '.join(repr(n) for n in names)} hamnar i brödtexten och ignoreras, "
        f"eftersom {why}.",
        "Skriv alla fält direkt under direktivraden, ett per rad, utan tomma eller "
        "indragna rader emellan. Ett långt värde skrivs på en enda rad.",
    ))
