"""Lotsen's own reading of a need's option block: every option with its line, and
MyST's silent traps named (``[a, b]`` lists, YAML lists in ``---``, options that an
indented or blank line pushes into the body, an unreadable line that drops them all).

MyST's own option tokenizer reads each value, so the values are those the site shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from textwrap import dedent

from myst_parser.parsers.options import TokenizeError, options_to_tokens

from lotsen.findings import Finding
from lotsen.model.yaml_lines import reason_in_swedish

_FENCE_OPEN = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,}|:{3,})\s*(?P<info>.*)$")
_OPTION_LIKE = re.compile(r"^\s*:(?P<name>[^:\s`{][^:\s]*):(\s|$)")
_LIST_SPLIT = re.compile(r"[,;|]")


@dataclass
class OptionValue:
    """One option as the author wrote it, and the values Lotsen reads from it."""

    name: str
    raw: str
    line: int
    values: list[str] = field(default_factory=list)


def split_values(raw: str) -> list[str]:
    """Split a list value the way sphinx-needs does: on ``,``, ``;`` or ``|``."""
    return [part.strip() for part in _LIST_SPLIT.split(raw) if part.strip()]


@dataclass
class OptionBlock:
    """A directive's options, and where its body begins (index into its content)."""

    options: dict[str, OptionValue]
    body_start: int


def read_options(content: list[str], line_no: int, shown: str, findings: list[Finding]) -> OptionBlock:
    """The options of a directive whose opening line is ``line_no`` and whose body lines
    are ``content`` (``content[i]`` on line ``line_no + 1 + i``)."""
    options: dict[str, OptionValue] = {}
    yaml_block = bool(content) and content[0].startswith("---")
    if yaml_block:
        end = next((k for k in range(1, len(content)) if content[k].startswith("---")), len(content))
        _tokenize(content[1:end], line_no + 2, options, shown, findings, yaml_block=True)
        body_start = end + 1
    else:
        count = 0
        while count < len(content) and content[count].lstrip().startswith(":") and not content[count].lstrip().startswith(":::"):
            count += 1
        _tokenize([c.lstrip()[1:] for c in content[:count]], line_no + 1, options, shown, findings, yaml_block=False)
        body_start = count
    if body_start < len(content) and not content[body_start].strip():
        body_start += 1
    _find_lost_options(content, body_start, line_no, options, shown, findings)
    return OptionBlock(options, body_start)


def _tokenize(block: list[str], first_line: int, options: dict[str, OptionValue], shown: str, findings: list[Finding], *, yaml_block: bool) -> None:
    text = dedent("\n".join(block)) if yaml_block else "\n".join(block)
    entries = plain_entries(text)
    if entries is None:
        try:
            tokens, _state = options_to_tokens(text)
            real = _real_lines(text)
            entries = [(k.value, v.value if v is not None else "", real[min(k.start.line, len(real) - 1)])
                       for k, v in tokens]
        except (TokenizeError, ValueError, OverflowError) as err:
            # ValueError/OverflowError: an escape like "\U00110000" that MyST cannot decode either
            entries = _recover(block, first_line, err, shown, findings, yaml_block=yaml_block)
    for name, raw, index in entries:
        line = first_line + index
        if name in options:
            findings.append(Finding(
                shown, line, "option_duplicate",
                f"Fältet '{name}' står redan på rad {options[name].line}. Bara det sista "
                f"värdet ('{raw}') kommer med.",
                "Ta bort en av raderna. Ska fältet ha flera värden: skriv dem på en rad med kommatecken.",
            ))
        option = OptionValue(name, raw, line, split_values(raw))
        stripped = raw.strip()
        if not yaml_block and stripped.startswith("[") and stripped.endswith("]"):
            option.values = split_values(stripped[1:-1])
            findings.append(Finding(
                shown, line, "myst_list_syntax",
                f"Fältet '{name}' är skrivet som en lista inom hakparenteser. Då blir '[' och ']' "
                f"en del av värdena.",
                f"Ta bort hakparenteserna: ':{name}: {', '.join(option.values)}'.",
            ))
        if yaml_block:
            items = _yaml_list_items(block, index)
            if items is not None:
                option.values = items
                option.raw = ", ".join(items)
                findings.append(Finding(
                    shown, line, "myst_yaml_list",
                    f"Fältet '{name}' är en lista med streck på egna rader i blocket mellan '---'. "
                    f"Den blir en enda text, och värdena går förlorade.",
                    f"Skriv värdena på en rad, åtskilda med kommatecken: '{name}: {', '.join(items)}'.",
                ))
        options[name] = option


#: A line of options that MyST's tokenizer reads as the name and the text after the
#: colon and its spaces, trailing spaces left out: a name of word characters, and a
#: value that is not quoted, a block (``|``, ``>``) or a comment, with no tab, no
#: comment after a space, and no character MyST takes for a line break or the end.
_PLAIN_OPTION = re.compile(r"(?P<name>\w[\w.-]*):(?:(?P<value> +[^\s\0'\"|>#](?:[^\t\r\0\x85\u2028\u2029#]|(?<! )#)*)| *)")


def plain_entries(text: str) -> list[tuple[str, str, int]] | None:
    """(name, value, line index) of each option, as ``options_to_tokens`` reads them,
    when every line is a plain ``name: value`` (nearly every object's options): read
    here at a tenth of the cost. None when a line is anything else, for MyST to read
    (tests/test_options_plain.py compares the two)."""
    if not text:
        return []
    entries = []
    for index, line in enumerate(text.split("\n")):
        match = _PLAIN_OPTION.fullmatch(line)
        if match is None:
            return None
        entries.append((match["name"], (match["value"] or "").strip(" "), index))
    return entries


#: Characters the option tokenizer (like YAML) takes as a line break; in the file only
#: a line feed ends a line.
_TOKENIZER_BREAKS = frozenset("\r\x85\u2028\u2029")


def _real_lines(text: str) -> list[int]:
    """For each line the option tokenizer counts, the line of the block it starts on."""
    real = [0]
    line = 0
    previous = ""
    for char in text:
        if char == "\n":
            line += 1
            if previous != "\r":
                real.append(line)
            else:
                real[-1] = line
        elif char in _TOKENIZER_BREAKS:
            real.append(line)
        previous = char
    return real


def _recover(block: list[str], first_line: int, err: TokenizeError, shown: str, findings: list[Finding], *, yaml_block: bool) -> list[tuple[str, str, int]]:
    """MyST drops the whole option block when one line is unreadable. Name that line,
    and read the others one by one so that no further findings follow from the loss:
    the field of the unreadable line counts as written (with the text before a tab),
    so that it is not also reported missing."""
    entries: list[tuple[str, str, int]] = []
    bad_lines: list[int] = []
    for index, line in enumerate(block):
        if yaml_block and line[:1] in (" ", "\t"):
            continue  # a continuation of the key above
        try:
            tokens, _ = options_to_tokens(line)
        except (TokenizeError, ValueError, OverflowError):
            bad_lines.append(index)
            named = _FIELD_NAME.match(line)
            if named is not None:  # what stands before a tab (pasted text often ends in one)
                pieces = [piece.strip() for piece in line[named.end():].split("\t") if piece.strip()]
                entries.append((named["name"], pieces[0] if pieces else "", index))
            continue
        entries += [(k.value, v.value if v is not None else "", index) for k, v in tokens]
    if not bad_lines:
        mark = getattr(err, "context_mark", None) or getattr(err, "problem_mark", None)
        bad_lines = [mark.line if mark else 0]
    problem = getattr(err, "problem", None) or str(err)
    for index in bad_lines:
        line = block[index] if index < len(block) else ""
        if "\t" in line:
            column = line.index("\t") + 1 + (0 if yaml_block else 1)  # the colon the block's line starts with
            reason = f"ett tabbtecken i kolumn {column}"
            hint = ("Byt tabbtecknet mot ett blanksteg. Det kommer ofta med när text klistras in från Excel "
                    "eller Word.")
        else:
            reason = reason_in_swedish(problem)
            hint = ("Skriv fältet som ':namn: värde', med kolon före och efter namnet och ett "
                    "blanksteg före värdet. Citattecken måste stängas på samma rad.")
        findings.append(Finding(
            shown, first_line + index, "myst_option_syntax",
            f"Raden går inte att läsa som ett fält ({reason}). Då hoppas alla fält i objektet "
            f"över på webbplatsen, inte bara det här.",
            hint,
        ))
    return entries


#: The name at the start of an option line (``name:``), for a line MyST cannot read.
_FIELD_NAME = re.compile(r"[ ]*(?P<name>\w[\w.-]*):")


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


def _find_lost_options(content: list[str], body_start: int, line_no: int, options: dict[str, OptionValue], shown: str, findings: list[Finding]) -> None:
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
        why = "en tom rad står direkt efter objektets första rad"
    elif not cause.strip():
        why = f"en tom rad (rad {line_no + 1 + cause_index}) avslutar fälten"
    elif cause[:1] in (" ", "\t"):
        why = f"en indragen rad (rad {line_no + 1 + cause_index}) avslutar fälten"
    else:
        why = f"rad {line_no + 1 + cause_index} är inget fält och avslutar fälten"
    for k, name in lost:
        if name not in options:
            options[name] = OptionValue(name, content[k].split(":", 2)[2].strip(), line_no + 1 + k,
                                        split_values(content[k].split(":", 2)[2]))
    findings.append(Finding(
        shown, line_no + 1 + first, "myst_options_lost",
        f"Fälten {', '.join(repr(n) for n in names)} hamnar i brödtexten och ignoreras, "
        f"eftersom {why}.",
        "Skriv alla fält direkt under objektets första rad, ett per rad, utan tomma eller "
        "indragna rader emellan. Ett långt värde skrivs på en enda rad.",
    ))
