"""The block structure of a Markdown file as MyST itself sees it: its directives, roles
and the text it would drop, from myst-parser's own markdown-it tokens.

Reading Markdown by other rules than MyST's disagrees with the site: an object in an
HTML comment, in a code block or in a colon fence that is not enabled is no object
there. The parser is built the way myst-parser builds it for the project's settings
(``myst_enable_extensions`` and the rest), a file's own front matter included.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from myst_parser.config.main import MdParserConfig, TopmatterReadError, merge_file_level, read_topmatter
from myst_parser.parsers.mdit import create_md_parser

#: A directive name the way MyST reads it from an info string: ``{name}``.
_BRACED = re.compile(r"^\{(?P<name>[^{}]*)\}$")
#: A colon fence written as a directive: MyST shows it as text unless colon fences are on.
_COLON_DIRECTIVE = re.compile(r"^\s*:{3,}\s*\{(?P<name>[^{}\s]+)\}")
#: A word shaped like an ID (capitals, a dash, more): the check keeps those of the
#: model's forms (source/mentions.py); code and roles are left out first.
_ID_SHAPED = re.compile(r"(?<![\w-])[A-ZÅÄÖ][A-ZÅÄÖ0-9]*-[\wÅÄÖåäö-]*[\wÅÄÖåäö]")
_CODE_OR_ROLE = re.compile(r"\{[a-z:-]+\}`[^`]*`|`[^`]*`|\[[^\]]*\]\([^)]*\)")  # and links: not linked again
#: A field line (``:id: …``) shown as text: the block it belongs to is lost, and said
#: so (colon_fence_as_text, fence_as_text), not each ID in it again.
_FIELD_LINE = re.compile(r"\s*:[^:\s]+:")
#: A backtick fence's first line with a backtick after it: CommonMark reads no fence
#: there (its info may not hold a backtick), so the block is a paragraph of text.
_BACKTICK_IN_INFO = re.compile(r"^\s*`{3,}\s*\{(?P<name>[^{}\s`]+)\}[^\n]*`")
#: A fenced directive's first line, as it stands inside an indented code block.
_FENCED_DIRECTIVE = re.compile(r"^\s*(?:`{3,}|~{3,}|:{3,})\s*\{(?P<name>[^{}\s]+)\}")
#: A directive in reStructuredText (inside ``{eval-rst}``).
_RST_DIRECTIVE = re.compile(r"^(?P<indent>\s*)\.\.\s+(?P<name>[\w][\w:.+-]*)::(\s|$)")
#: A line that may open the markdown-it nesting limit's 20th level: each list or
#: quote level takes at least one character of the line's start.
_DEEP_START = re.compile(r"^[ \t>*+\-.)0-9]{16,}", re.MULTILINE)
#: Control characters other than tab and line ends, and the invisible line and
#: paragraph separators: some programs break the line there, others do not.
#: Blocks whose content markdown-it reads as blocks again, one level deeper: inside
#: one that opens at the nesting limit, everything up to the block's end is dropped.
_CONTAINERS = frozenset({"blockquote_open", "list_item_open", "footnote_reference_open", "dd_open",
                         "fieldlist_body_open"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass(frozen=True)
class Directive:
    """A directive MyST will run: its name, argument, line and body lines.

    ``content[i]`` stands on line ``line + 1 + i`` of the file (with the indentation
    of a list or the ``>`` of a quote already taken away, as MyST does).
    """

    name: str
    argument: str
    line: int
    content: tuple[str, ...]
    colon: bool = False


@dataclass
class Blocks:
    """What one parse of a text holds (a directive's own body is parsed apart)."""

    directives: list[Directive] = field(default_factory=list)
    #: (role name, its text, line) of every ``{role}`content```.
    roles: list[tuple[str, str, int]] = field(default_factory=list)
    #: (first line, last line) of text dropped because it is nested too deep.
    too_deep: list[tuple[int, int]] = field(default_factory=list)
    #: (name, line) of ``:::{name}`` lines that MyST shows as text.
    colon_as_text: list[tuple[str, int]] = field(default_factory=list)
    #: (word, line) of the words shaped like an ID in the text outside headings, code and
    #: roles: a page's own text names objects so (sphinx/id_links.py links them).
    id_words: list[tuple[str, int]] = field(default_factory=list)
    #: (name, line) of ```{name} lines with a backtick after them, which MyST shows as text.
    fence_as_text: list[tuple[str, int]] = field(default_factory=list)
    #: (name, line) of directive lines indented so far that MyST shows them as code.
    indented_as_code: list[tuple[str, int]] = field(default_factory=list)


class Reading:
    """How this project's Markdown is read: MyST's settings, and a parser built from them."""

    def __init__(self, config: MdParserConfig | None = None, aliases: dict[str, str] | None = None) -> None:
        self.config = config or MdParserConfig()
        #: Directive names in the site's language and the directive each one is
        #: ('notera' -> 'note'), as docutils knows them.
        self.aliases = dict(aliases or {})
        self.key = (_config_key(self.config), tuple(sorted(self.aliases.items())))

    def canonical(self, name: str) -> str:
        return self.aliases.get(name, name)

    @classmethod
    def with_extensions(cls, *names: str) -> Reading:
        return cls(MdParserConfig(enable_extensions=set(names)))

    def parser_for(self, text: str) -> tuple[MarkdownIt, MdParserConfig]:
        """The parser for one file: a ``myst:`` section in its front matter counts too."""
        config = self.config
        if text.startswith("---"):
            try:
                topmatter = read_topmatter(text)
            except TopmatterReadError:
                topmatter = None
            if topmatter:
                try:
                    config = merge_file_level(config, topmatter, lambda *_: None)
                except Exception:  # noqa: BLE001 - MyST warns and keeps the project's settings
                    config = self.config
        # the project's own settings are keyed once (as_triple copies every value)
        key = self.key[0] if config is self.config else _config_key(config)
        return _parser(key, config), config


def _config_key(config: MdParserConfig) -> tuple:
    return tuple((name, repr(value)) for name, value, _ in config.as_triple())


_PARSERS: dict[tuple, MarkdownIt] = {}


def _parser(key: tuple, config: MdParserConfig) -> MarkdownIt:
    if key not in _PARSERS:
        md = create_md_parser(config, RendererHTML)
        # Inline text is parsed only where a role may stand (read_blocks): most of a
        # file is running text that holds no block, and parsing it is most of the cost.
        md.disable("inline")
        _PARSERS[key] = md
    return _PARSERS[key]


@functools.lru_cache(maxsize=64)
def block_tokens(md: MarkdownIt, text: str) -> tuple[Token, ...]:
    """The block tokens of ``text`` as ``md`` (a parser of ``Reading.parser_for``) reads
    it. A file is read by three walks: its scan (``read_blocks``), the files it names
    (checks/confinement.py) and its raw HTML (checks/raw_html.py), each through every
    directive's body; the same text is parsed once for all three (XL: 82,000 parses of
    3,750 files before). The tokens are shared: the walks read them and change none."""
    return tuple(md.parse(text, {}))


def directive_body(content: str) -> tuple[str, int]:
    """A directive's Markdown body (the fence's ``content``): the lines after its options
    (``option_lines``) and a blank line after them, without the last line break; and
    the index of its first line in ``content``. The scan reads an object's body from
    the same lines (source/options.py skips the same blank line), so the walks of
    checks/confinement.py and checks/raw_html.py share its parse (``block_tokens``).
    A blank first line and the last line break change no token, only where lines are
    counted from."""
    lines = _lines(content)
    start = option_lines(list(lines))
    if start < len(lines) and not lines[start].strip():
        start += 1
    return "\n".join(lines[start:]), start


def may_hold_fence(text: str) -> bool:
    """False when ``text`` holds no code fence or colon fence, so no directive: a walk
    that looks for something found only in directives, and in text marked by other
    characters, need not parse a text without either."""
    return "```" in text or "~~~" in text or ":::" in text


def directive_name(info: str, as_directive: set[str] | tuple = ()) -> tuple[str, str] | None:
    """(name, argument) when a fence's info string makes it a directive, as MyST reads it
    (``{name}``, or a plain name listed in ``myst_fence_as_directive``)."""
    parts = info.strip().split(maxsplit=1)
    if not parts:
        return None
    argument = parts[1] if len(parts) > 1 else ""
    match = _BRACED.match(parts[0])
    if match:
        return match["name"], argument
    return (parts[0], argument) if parts[0] in as_directive else None


def option_lines(lines: list[str]) -> int:
    """How many of a directive's content lines are its options (``:key:`` lines or a
    ``---`` block), as a check that reads the body after them counts them."""
    if lines and lines[0].strip() == "---":
        for index, line in enumerate(lines[1:], 1):
            if line.strip() == "---":
                return index + 1
        return len(lines)
    count = 0
    while count < len(lines) and re.match(r"^\s*:[\w-]+:", lines[count]):
        count += 1
    return count


def may_hold_blocks(text: str) -> bool:
    """False when ``text`` can hold no directive, role, colon fence or nesting too deep:
    then it need not be parsed (a need's body is mostly plain steps)."""
    return ("`" in text or "~~~" in text or ":::" in text or "\t" in text
            or _DEEP_START.search(text) is not None)


def read_blocks(text: str, first_line: int, md: MarkdownIt, config: MdParserConfig) -> Blocks:
    """Directives, roles and dropped text of ``text``, whose first line is ``first_line``."""
    blocks = Blocks()
    limit = md.options["maxNesting"]
    directives_on = not (config.commonmark_only or config.gfm_only)
    colon_on = "colon_fence" in config.enable_extensions and directives_on
    dropped_until = -1
    in_heading = False
    for token in block_tokens(md, text):
        if token.type in ("heading_open", "heading_close"):
            in_heading = token.type == "heading_open"
        if (token.type in _CONTAINERS and token.level >= limit - 1 and token.map
                and token.map[0] > dropped_until):
            start, end = token.map
            blocks.too_deep.append((first_line + start, first_line + _last_text_line(text, start, end)))
            dropped_until = end
        if token.type in ("fence", "colon_fence") and token.map and directives_on:
            if token.type == "colon_fence" and not colon_on:
                continue
            named = directive_name(token.info, config.fence_as_directive if token.type == "fence" else ())
            if named is not None:
                blocks.directives.append(Directive(named[0], named[1], first_line + token.map[0],
                                                   _lines(token.content),
                                                   colon=token.type == "colon_fence"))
        elif token.type == "code_block" and token.map:
            for offset, text_line in enumerate(_lines(token.content)):
                match = _FENCED_DIRECTIVE.match(text_line)
                if match:
                    blocks.indented_as_code.append((match["name"], first_line + token.map[0] + offset))
        elif token.type == "inline" and token.map:
            line = first_line + token.map[0]
            if not in_heading and "-" in token.content:
                blocks.id_words.extend(id_words_of(token.content.split("\n"), line))
            if not colon_on and ":::" in token.content:
                for offset, text_line in enumerate(token.content.split("\n")):
                    match = _COLON_DIRECTIVE.match(text_line)
                    if match:
                        blocks.colon_as_text.append((match["name"], line + offset))
            if "```" in token.content:
                for offset, text_line in enumerate(token.content.split("\n")):
                    match = _BACKTICK_IN_INFO.match(text_line)
                    if match:
                        blocks.fence_as_text.append((match["name"], line + offset))
            if "}`" not in token.content:
                continue  # no role can stand here
            children: list = []
            md.inline.parse(token.content, md, {}, children)
            for child in children:
                if child.type in ("softbreak", "hardbreak"):
                    line += 1
                elif child.type == "myst_role":
                    blocks.roles.append((child.meta.get("name", ""), child.content, line))
    return blocks


def id_words_of(lines: list[str] | tuple[str, ...], first_line: int) -> list[tuple[str, int]]:
    """(word, line) of the words shaped like an ID in running text (``Blocks.id_words``)."""
    return [(word, first_line + offset) for offset, text_line in enumerate(lines)
            if "-" in text_line and not _FIELD_LINE.match(text_line)
            for word in _ID_SHAPED.findall(_CODE_OR_ROLE.sub(" ", text_line))]


def _lines(content: str) -> tuple[str, ...]:
    if not content:
        return ()
    return tuple(content[:-1].split("\n") if content.endswith("\n") else content.split("\n"))


def _last_text_line(text: str, start: int, end: int) -> int:
    """The last line in [start, end) that is not blank (0-based), or start."""
    lines = text.split("\n")[start:end]
    for back, line in enumerate(reversed(lines)):
        if line.strip():
            return end - 1 - back
    return start


def rst_directives(directive: Directive) -> list[tuple[str, int]]:
    """(name, line) of each directive written in reStructuredText in an ``{eval-rst}`` block."""
    found = []
    for offset, line in enumerate(directive.content):
        match = _RST_DIRECTIVE.match(line)
        if match:
            found.append((match["name"], directive.line + 1 + offset))
    return found


def control_characters(text: str) -> list[tuple[int, int, str]]:
    """(line, column, character) of every control character other than tab and line ends
    (lines as MyST counts them: only a line feed ends one)."""
    found = []
    if not _CONTROL.search(text):
        return found
    for number, line in enumerate(text.split("\n"), 1):
        for match in _CONTROL.finditer(line):
            found.append((number, match.start() + 1, match.group()))
    return found
