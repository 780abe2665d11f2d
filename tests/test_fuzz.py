"""Property-based tests: whatever an author writes, Lotsen answers in Swedish, never
with a traceback.

* ``load_model`` returns a Model or raises ModelError, for any text in the model file
  and for structure-aware mutations of the real ``lotsen.yaml``.
* ``scan_text`` never raises and only reports known rule codes, on lines that exist;
  ``validate`` never raises on what it found.
* A well-formed object round-trips: ``scan_text`` reads exactly the options written.

Every run is deterministic (``derandomize=True``, no example database), so CI sees the
same examples each time.

Known crashes
-------------
Crashes found and not fixed yet are listed in ``KNOWN``, each with its minimal input in
``MODEL_CRASHES`` / ``SOURCE_CRASHES`` (run as ``xfail(strict=True)``: once a crash is
fixed its case XPASSes and fails, and the case and its ``KNOWN`` entry must go). The
properties tolerate exactly those signatures (exception type, and the file and function
that raise it), so that any *new* crash still fails them.

* ``LOTSEN_FUZZ_STRICT=1`` tolerates nothing: Hypothesis then shrinks every crash.
* ``LOTSEN_FUZZ_SCALE=10`` runs ten times as many examples, to hunt locally.

Deep recursion is judged with the stack a ``lotsen`` run has (``production_stack``),
not the larger one Hypothesis gives its tests.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import functools
import os
import re
import string
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, event, example, given, settings
from hypothesis import strategies as st

import lotsen.model.loader as model_module
from lotsen.checks.rules import validate
from lotsen.errors import ModelError, Problem
from lotsen.findings import RULES, Finding
from lotsen.model import Model, load_model
from lotsen.model.yaml_lines import load_yaml, load_yaml_pure
from lotsen.source.scanner import Reading, SourceScan, scan_text, split_values

REPO = Path(__file__).resolve().parent.parent
MODEL_PATH = REPO / "lotsen.yaml"
MODEL_TEXT = MODEL_PATH.read_text(encoding="utf-8")
TODAY = dt.date(2026, 11, 22)

#: Deterministic and database-free: the same examples on every machine and every run.
FUZZ = settings(
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)

STRICT = os.environ.get("LOTSEN_FUZZ_STRICT") == "1"
#: LOTSEN_FUZZ_SCALE=10 runs ten times as many examples (for hunting locally, not in CI).
SCALE = float(os.environ.get("LOTSEN_FUZZ_SCALE", "1"))


def examples(n: int) -> int:
    return max(1, int(n * SCALE))


# --------------------------------------------------------------------------- known crashes


@dataclass(frozen=True)
class KnownCrash:
    """A crash already reported: which exceptions, raised from which file."""

    types: tuple[type[BaseException], ...]
    #: Regex on the innermost frame's file (any frame, for RecursionError).
    frame: str
    message: str = ""
    #: Regex on the function of that frame.
    function: str = ""

    def matches(self, exc: BaseException) -> bool:
        if not isinstance(exc, self.types):
            return False
        if self.message and not re.search(self.message, str(exc)):
            return False
        frames = [(f.filename.replace("\\", "/"), f.name) for f in traceback.extract_tb(exc.__traceback__)]
        if not isinstance(exc, RecursionError):
            frames = frames[-1:]
        return any(re.search(self.frame, file) and re.search(self.function, name) for file, name in frames)


KNOWN: dict[str, KnownCrash] = {
    # Every crash found so far is fixed; its minimal input stays below as a regression
    # case (MODEL_CRASHES, SOURCE_CRASHES). A new crash found later is listed here.
}


def tolerated(exc: BaseException, *names: str) -> bool:
    """True when exc is one of the named known crashes (never in strict mode)."""
    if STRICT:
        return False
    for name in names:
        if name in KNOWN and KNOWN[name].matches(exc):
            event(f"bekant krasch: {name}")
            return True
    return False


# --------------------------------------------------------------------------- checks


@contextlib.contextmanager
def production_stack(frames: int = 950) -> Any:
    """Give the code under test the stack a `lotsen` run has, not the larger one that
    Hypothesis sets up for its tests: deep recursion fails here as it would there."""
    depth, frame = 0, sys._getframe()
    while frame is not None:
        depth, frame = depth + 1, frame.f_back
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(depth + frames)
    try:
        yield
    finally:
        sys.setrecursionlimit(old)


_SWEDISH = re.compile(
    r"[åäöÅÄÖ]|\b(är|ska|inte|saknar|saknas|finns|får|har|och|som|eller|till|för|med|inga|ingen|"
    r"inget|ingenting|någon|något|nämner|varje|gäller|ger|följer|börjar|går|kan|hör|används|redan|pekar|hamnar|"
    r"rad|raden|fältet|fälten|filen|nyckel|mallen|objektet|rutinen|risken|egenkontrollen|direktivet|texten|"
    r"länken|kontrollerar)\b",
    re.IGNORECASE,
)


def assert_swedish(message: str) -> None:
    assert isinstance(message, str) and message.strip(), f"tomt meddelande: {message!r}"
    assert _SWEDISH.search(message), f"meddelandet ser inte svenskt ut: {message!r}"
    assert "Traceback" not in message, message


@functools.cache
def the_model() -> Model:
    return load_model(MODEL_PATH)


@functools.cache
def base_doc() -> dict[str, Any]:
    return yaml.safe_load(MODEL_TEXT)


def allowed_top_keys() -> set[str]:
    return set(getattr(model_module, "_TOP_KEYS", {})) | set(base_doc())


def load_outcome(path: Path, text_lines: int) -> Model | ModelError | None:
    """load_model's answer, checked: a Model, or a ModelError with Swedish problems.
    None when it crashed in a known way."""
    try:
        with production_stack():
            result = load_model(path)
    except ModelError as err:
        assert err.problems, "ModelError utan problem"
        for problem in err.problems:
            assert isinstance(problem, Problem)
            assert isinstance(problem.line, int) and 0 <= problem.line <= text_lines + 1, problem
            assert_swedish(problem.message)
        return err
    except Exception as exc:  # noqa: BLE001 - the property under test
        if tolerated(exc, "yaml_unhashable_key", "yaml_scalar_constructor", "yaml_escape_out_of_range", "yaml_deep_nesting",
                     "model_mixed_type_names", "model_id_pattern_compile", "model_id_template_render"):
            return None
        raise
    assert isinstance(result, Model)
    return result


def write(tmp: Path, data: str | bytes) -> Path:
    path = tmp / "lotsen.yaml"
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8", newline="")
    return path


def line_count(data: str | bytes) -> int:
    if isinstance(data, bytes):
        data = data.decode("utf-8", errors="replace")
    return len(data.splitlines())


@pytest.fixture(scope="module")
def tmp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


# --------------------------------------------------------------------------- 1a: any text as model

_YAML_TOKENS = [
    ":", ": ", "- ", "? ", "[", "]", "{", "}", ", ", "&a ", "*a", "&b ", "*b", "!!str ", "!!int ",
    "!!float ", "!!bool ", "!!null ", "!!binary ", "!!timestamp ", "!!set ", "!!omap ", "!!map ",
    "!!seq ", "!!python/object:os.system ", "!local ", "<<: ", "<<: *a", "|", ">", "|-", ">+", "|2",
    "# kommentar", "'", '"', "\\", "%YAML 1.1\n", "%TAG ! tag:x,2000:\n", "---\n", "...\n", "\n",
    "\n  ", "\n    ", "\t", " ", "\r\n", "\r", "\x00", "\x07", "\x1b", "\x7f", "\x85", "\u2028",
    "\ufeff", "\ufffe", "\U0001f600", "å", "null", "~", "true", "yes", "on", "No", ".inf", "-.inf",
    ".nan", "1e309", "0x1F", "0o17", "0b101", "0b_", "0x_", "1_000", "190:20:30", "2026-11-22",
    "2026-13-45", "2026-02-30", "2001-12-14t21:59:43.10-05:00", "9" * 400, "9" * 5000,
    "-" + "9" * 40, "=", "@", "`", "%", "!", "*", "&",
]
_MODEL_WORDS = [
    "organisation", "name", "short_name", "units", "roles", "scales", "risk", "review", "months",
    "fields", "links", "types", "structure", "severity", "reports", "coverage", "publishing",
    "accounts", "kind", "label", "help", "multiple", "values", "scale", "targets", "outgoing",
    "incoming", "title", "plural", "prefix", "id_pattern", "id_example", "folder", "id_template",
    "file_template", "required", "optional", "required_for_status", "levels", "from", "color",
    "control_required_from", "control_link", "date_field", "statuses", "period_months",
    "due_soon_days", "hierarchy_link", "routine_type", "routine_process_link", "control_type",
    "control_links", "choice", "text", "number", "date", "unit", "role", "month", "rutin", "process",
    "krav", "status", "ägare", "del_av", "HT", "RUT-", "'*'", "'@a/b'", "fel", "varning",
    "{number:03d}", "{unit}/{id}.md", "^RUT-[0-9]+$", "(", "a{4294967296}",
]

yaml_soup = st.lists(
    st.one_of(st.sampled_from(_YAML_TOKENS), st.sampled_from(_MODEL_WORDS), st.text(max_size=8)),
    max_size=60,
).map("".join)


@st.composite
def deep_nesting(draw: st.DrawFn) -> str:
    depth = draw(st.integers(1, 3000))
    style = draw(st.sampled_from(["flow_seq", "flow_map", "block_seq", "block_map", "anchor"]))
    if style == "flow_seq":
        return "types: " + "[" * depth + "]" * depth
    if style == "flow_map":
        return "types: " + "{a: " * depth + "b" + "}" * depth
    depth = min(depth, 400)  # block nesting grows quadratically
    if style == "block_seq":
        return "types:\n" + "".join("  " * i + "-\n" for i in range(1, depth)) + "  " * depth + "- x\n"
    if style == "block_map":
        return "types:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, depth)) + "  " * depth + "v: 1\n"
    return "a: &a0 [x]\n" + "".join(f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}]\n" for i in range(1, min(depth, 30)))


_YAML_SCALARS = [
    "", "x", "'x'", '"x"', "'", '"', '"\\q"', '"\\U00110000"', "null", "~", "true", "yes", "1", "-1", "0",
    "1.5", ".inf", ".nan", "1e309", "0x1F", "0o17", "0b101", "0b_", "0x_", "0_", "1_000", "190:20:30",
    "2026-11-22", "2026-13-45", "2026-02-30", "2026-11-22 25:00:00", "9" * 5000, "[]", "{}", "[a, b]",
    "[a, [b]]", "{a: 1}", "{[a]: 1}", "{{a: 1}: 2}", "[a: 1]", "&a x", "*a", "&a [*a]", "!!int x",
    "!!float x", "!!bool x", "!!timestamp x", "!!binary '@'", "!!null x", "!!str 1", "!!set {a}",
    "!!omap [a]", "!!pairs x", "!x x", "|", ">-", "- x", "? x", "x # c", "@x", "`x", "%x", "\t", "x\ty",
]
yaml_scalar = st.one_of(st.sampled_from(_YAML_SCALARS), st.sampled_from(_MODEL_WORDS), st.text(max_size=8))


@st.composite
def yaml_lines(draw: st.DrawFn) -> str:
    """Line-shaped YAML: indented keys and list items with odd scalars as keys and values."""
    lines = []
    for _ in range(draw(st.integers(1, 25))):
        indent = draw(st.sampled_from(["", "", "  ", "    ", "      ", " ", "\t"]))
        dash = draw(st.sampled_from(["", "", "- ", "? "]))
        key = draw(st.sampled_from(_MODEL_WORDS) | yaml_scalar)
        value = draw(st.sampled_from(["", ""]) | yaml_scalar)
        lines.append(f"{indent}{dash}{key}: {value}".rstrip() if draw(st.booleans()) else f"{indent}{dash}{value}")
    return "\n".join(lines)


@st.composite
def model_skeleton(draw: st.DrawFn) -> str:
    """A model written from scratch: the real sections, tables of named things, odd values."""
    names = st.one_of(st.sampled_from(_MODEL_WORDS), st.text(max_size=6), st.integers(-2, 5), st.none(), st.booleans())
    value = st.one_of(st.sampled_from(_MODEL_WORDS), st.none(), st.integers(-2, 20), st.text(max_size=6),
                      st.lists(st.sampled_from(_MODEL_WORDS), max_size=3))
    spec = st.dictionaries(st.sampled_from(_MODEL_WORDS), value | st.dictionaries(names, value, max_size=3), max_size=5)
    doc = {}
    for section in draw(st.lists(st.sampled_from(_MODEL_WORDS[:18]), unique=True, max_size=18)):
        doc[section] = draw(st.one_of(st.dictionaries(names, spec | value, max_size=4), value))
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


any_model_text = st.one_of(
    st.text(max_size=300),
    yaml_soup,
    yaml_lines(),
    model_skeleton(),
    deep_nesting(),
    # Real model lines in a random order, with random cuts: plausible YAML, wrong structure.
    st.lists(st.sampled_from(MODEL_TEXT.splitlines()), max_size=40).map("\n".join),
)


@settings(FUZZ, max_examples=examples(400))
@given(text=any_model_text)
def test_any_text_gives_model_or_model_error(tmp: Path, text: str) -> None:
    load_outcome(write(tmp, text), line_count(text))


@settings(FUZZ, max_examples=examples(100))
@given(data=st.one_of(st.binary(max_size=200), st.text(max_size=100).map(lambda t: t.encode("utf-16")),
                      st.text(max_size=100).map(lambda t: t.encode("utf-8") + b"\xff\xfe" + t.encode("utf-8"))))
def test_any_bytes_give_model_or_model_error(tmp: Path, data: bytes) -> None:
    load_outcome(write(tmp, data), line_count(data))


# --------------------------------------------------------------------------- 1b: mutated lotsen.yaml


def test_unchanged_model_loads(tmp: Path) -> None:
    assert isinstance(load_model(MODEL_PATH), Model)
    # The same model, dumped back by yaml: the mutation tests start from here.
    text = yaml.safe_dump(base_doc(), allow_unicode=True, sort_keys=False)
    assert isinstance(load_outcome(write(tmp, text), line_count(text)), Model)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, prefix + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, prefix + (index,))
    return found


def _get(node: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        node = node[step]
    return node


def _names_in_model() -> list[str]:
    doc = base_doc()
    names: list[str] = []
    for section in ("units", "roles", "fields", "links", "types", "scales"):
        names += [str(k) for k in doc.get(section) or {}]
    return names


_interesting_strings = st.sampled_from([
    "", " ", "required", "optional", "choice", "scale", "date", "role", "text", "KRAV-", "RUT-",
    "^(", "[", "(a+)+", "{number", "{number:03d}", "{unit}/{id}.md", "../x.md", "/abs.md", "{id}.txt",
    "@a/b", "someone@example.se", "2026-02-30", "fel", "varning", "*", "null", "ÅÄÖ", "\t", "\x85",
    "a" * 300,
])
_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=10**30, max_value=10**60),
    st.floats(), st.text(max_size=20), _interesting_strings,
    st.deferred(lambda: st.sampled_from(_names_in_model())),
)
_keys = st.one_of(st.text(max_size=10), st.integers(-5, 20), st.none(), st.booleans(),
                  st.deferred(lambda: st.sampled_from(_names_in_model() + _MODEL_WORDS)))
junk_values = st.one_of(
    st.recursive(
        _scalars,
        lambda children: st.lists(children, max_size=4) | st.dictionaries(_keys, children, max_size=4),
        max_leaves=10,
    ),
    st.just([]), st.just({}),
    st.integers(500, 3000).map(lambda n: ["x"] * n),  # huge list
    st.integers(100, 500).map(lambda n: {f"k{i}": i for i in range(n)}),  # huge table
)


@st.composite
def mutated_model(draw: st.DrawFn) -> dict[str, Any]:
    doc = copy.deepcopy(base_doc())
    for _ in range(draw(st.integers(1, 4))):
        paths = _paths(doc)[1:]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent, step = _get(doc, path[:-1]), path[-1]
        op = draw(st.sampled_from(["delete", "rename", "replace", "replace", "swap", "wrap", "empty"]))
        if op == "delete":
            del parent[step]
        elif op == "rename" and isinstance(parent, dict):
            new = draw(_keys.filter(lambda k: k not in parent))
            items = [(new if k == step else k, v) for k, v in parent.items()]
            parent.clear()
            parent.update(items)
        elif op == "swap":
            other = draw(st.sampled_from(paths))
            parent[step] = copy.deepcopy(_get(doc, other))
        elif op == "wrap":  # a list where a table or text was, or the other way round
            value = parent[step]
            parent[step] = list(value.items()) if isinstance(value, dict) else [value]
        elif op == "empty":
            value = parent[step]
            parent[step] = type(value)() if isinstance(value, (dict, list, str)) else None
        else:
            parent[step] = draw(junk_values)
    return doc


@settings(FUZZ, max_examples=examples(250))
@given(doc=mutated_model())
def test_mutated_model_gives_model_or_model_error(tmp: Path, doc: dict[str, Any]) -> None:
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    load_outcome(write(tmp, text), line_count(text))


_line_edits = st.sampled_from(["duplicate", "delete", "tab", "indent", "dedent", "token", "cut", "swap",
                               "value", "value", "value", "key"])


def edited_model_text(draw: Any) -> str:
    """Line-level edits of the real file, comments and all: duplicate keys, tabs,
    broken indentation, stray YAML tokens, a file cut short (``draw``: Hypothesis')."""
    lines = MODEL_TEXT.splitlines()
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        edit = draw(_line_edits)
        if edit == "duplicate":
            lines.insert(i, lines[i])
        elif edit == "delete":
            del lines[i]
        elif edit == "tab":
            lines[i] = "\t" + lines[i]
        elif edit == "indent":
            lines[i] = " " * draw(st.integers(1, 3)) + lines[i]
        elif edit == "dedent":
            lines[i] = lines[i][draw(st.integers(1, 4)):]
        elif edit == "token":
            at = draw(st.integers(0, len(lines[i])))
            token = draw(st.sampled_from(_YAML_TOKENS) | st.text(max_size=5))
            lines[i] = lines[i][:at] + token + lines[i][at:]
        elif edit in ("value", "key") and ":" in lines[i]:
            key, _, value = lines[i].partition(":")
            if edit == "value":
                value = " " + draw(yaml_scalar)
            else:
                key = key[: len(key) - len(key.lstrip())] + draw(yaml_scalar)
            lines[i] = f"{key}:{value}"
        elif edit == "cut":
            lines = lines[:i]
        else:
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines) + "\n"


@settings(FUZZ, max_examples=examples(200))
@given(data=st.data())
def test_text_edits_of_model_give_model_or_model_error(tmp: Path, data: st.DataObject) -> None:
    text = edited_model_text(data.draw)
    load_outcome(write(tmp, text), line_count(text))


_REGEX_ATOMS = ["a", "RUT-", "[A-Z]", "[0-9]", ".", "\\d", "\\w", "(", ")", "[", "]", "|", "^", "$", "\\", "(?P<x>", "(?", "*", "+", "?"]


@st.composite
def regex_text(draw: st.DrawFn) -> str:
    """Pattern-shaped text: atoms, groups nested to any depth, repeat counts of any size."""
    parts = []
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["atom", "atom", "repeat", "nest"]))
        if kind == "atom":
            parts.append(draw(st.sampled_from(_REGEX_ATOMS)))
        elif kind == "repeat":
            low = draw(st.integers(0, 2**64))
            high = draw(st.none() | st.integers(0, 2**64))
            parts.append(f"a{{{low}}}" if high is None else f"a{{{low},{high}}}")
        else:
            depth = draw(st.integers(1, 1500))
            parts.append("(" * depth + "a" + ")" * depth)
    return "".join(parts)


_TEMPLATE_PIECES = ["{number}", "{number:03d}", "{unit}", "{year}", "{id}", "{", "}", "{}", "{0}",
                    "{number!r}", "{number:x}", "{unit:d}", "{number:{unit}}", "{number[0]}", "{unit.x}",
                    "{number:,}", "{number:=}", "RUT-", "/", "..", ".md", "-", "ÅÄÖ"]


@settings(FUZZ, max_examples=examples(150))
@given(
    data=st.data(),
    key=st.sampled_from(["id_pattern", "id_pattern", "id_example", "prefix", "id_template", "file_template"]),
)
def test_type_patterns_and_templates_give_model_or_model_error(tmp: Path, data: st.DataObject, key: str) -> None:
    """The keys that Lotsen compiles or formats: regexes and templates of any shape."""
    doc = copy.deepcopy(base_doc())
    name = data.draw(st.sampled_from(sorted(doc["types"])))
    if key == "id_pattern":
        value = data.draw(regex_text() | st.text(max_size=20))
    elif key in ("id_template", "file_template"):
        value = data.draw(st.lists(st.sampled_from(_TEMPLATE_PIECES) | st.text(max_size=4), max_size=6).map("".join))
    else:
        value = data.draw(st.text(max_size=20) | st.sampled_from(["", "RUT-", "RUT-HT-012"]))
    doc["types"][name][key] = value
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    load_outcome(write(tmp, text), line_count(text))


def _top_key_line(text: str, index: int) -> int:
    root = yaml.compose(text)
    return root.value[index][0].start_mark.line + 1


@settings(FUZZ, max_examples=examples(80))
@given(
    data=st.data(),
    new=st.one_of(
        st.text(min_size=1, max_size=30),
        st.integers(),
        st.sampled_from(["Types", "type", "unit", "organization", "fält", "typer", "roller ", " units"]),
    ),
)
def test_renamed_top_level_key_is_named(tmp: Path, data: st.DataObject, new: str | int) -> None:
    doc = base_doc()
    assume(new not in doc and str(new) not in allowed_top_keys())
    key = data.draw(st.sampled_from(list(doc)))
    index = list(doc).index(key)
    renamed = {(new if k == key else k): v for k, v in doc.items()}
    text = yaml.safe_dump(renamed, allow_unicode=True, sort_keys=False)
    assume(new in yaml.safe_load(text))  # PyYAML's emitter does not round-trip every key ('\x85')
    outcome = load_outcome(write(tmp, text), line_count(text))
    assert isinstance(outcome, ModelError), f"{key!r} -> {new!r} gav ingen ModelError"
    line = _top_key_line(text, index)
    named = [p for p in outcome.problems if f"'{new}'" in p.message]
    assert named, f"inget problem nämner '{new}': {outcome.problems}"
    assert any(p.line == line for p in named), (line, named)
    if key in ("organisation", "units", "roles", "fields", "links", "types"):  # required sections
        assert any(f"'{key}'" in p.message for p in outcome.problems), outcome.problems


# --------------------------------------------------------------------------- 1c: the two YAML readers


def read_shape(load: Any, text: str) -> Any:
    """What ``load`` makes of ``text``, in a form two readers' answers can be compared
    in: every value with its type, every table with its keys' lines and its own, or
    the error with its message. A table or list met again (an alias) is shown by the
    order it was first met in, not followed again."""
    met: dict[int, int] = {}

    def shape(value: Any) -> Any:
        if isinstance(value, (dict, list, set)):
            if id(value) in met:
                return ("again", met[id(value)])
            met[id(value)] = len(met)
        if isinstance(value, dict):
            return ("table", getattr(value, "line", None), [
                (key, getattr(value, "key_lines", {}).get(key), shape(item)) for key, item in value.items()])
        if isinstance(value, (list, set, tuple)):
            items = sorted(value, key=repr) if isinstance(value, set) else value
            return (type(value).__name__, [shape(item) for item in items])
        return (type(value).__name__, repr(value))

    try:
        with production_stack():
            return shape(load(text))
    except RecursionError:
        # Where the stack runs out differs by a frame or two between the readers, and
        # with it the wording ("... while calling a Python object"); the model loader
        # answers every RecursionError with the same message of its own.
        return ("error", "RecursionError")
    except Exception as exc:  # noqa: BLE001 - the answer compared
        return ("error", type(exc).__name__, str(exc))


@st.composite
def edited_model(draw: st.DrawFn) -> str:
    return edited_model_text(draw)


@settings(FUZZ, max_examples=examples(300))
@given(text=st.one_of(
    any_model_text,
    edited_model(),
    mutated_model().map(lambda doc: yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)),
))
@example(text=MODEL_TEXT)
def test_libyaml_reads_a_model_file_as_the_pure_reader_does(text: str) -> None:
    """load_yaml reads with libyaml where it can (six times as fast): every value, type,
    key line and error must be what PyYAML's pure reader, which the messages are
    written for, makes of the same text."""
    assert read_shape(load_yaml, text) == read_shape(load_yaml_pure, text)


# --------------------------------------------------------------------------- 2: option parsing


def need_types() -> set[str]:
    return set(the_model().types)


def option_names() -> list[str]:
    model = the_model()
    names = {"id"} | set(model.fields) | set(model.links)
    for type_def in model.types.values():
        names |= set(type_def.options())
    return sorted(names)


def model_values() -> list[str]:
    model = the_model()
    values: set[str] = set()
    for type_def in model.types.values():
        values |= {type_def.id_example, type_def.prefix}
        for usage in type_def.fields.values():
            values |= set(model.allowed_values(usage))
    return sorted(values)


_TRICKY_NAMES = ["", " ", "id ", " id", ":id", "id:", "[x]", "'q'", '"q"', "a:b", "ä", "`x`", "{x}",
                 "#", "#x", "-", "---", "x y", "ÅÄÖ", "\t", "|", ">", "'", '"', "\\"]
_TRICKY_VALUES = [
    "", " ", "[a, b]", "[RUT-HT-001, RUT-HT-002]", "[", "]", "[]", "'", '"', "'a", '"a', "'a'b'",
    '"a\\"', '"\\U0001F600"', '"\\x4"', '"\\q"', '"\\u00e5"', "a: b", ":", "::", ":x:", "a # b", "#",
    "|", ">", "|-", "`", "``", "```", "```{rutin}", "{", "{rutin}", "}", "---", "- a", "\t", "a\tb",
    "RUT-HT-001, RUT-HT-002", "a; b | c", "\\", ", ,", "åäö", "\U0001f600", "\u200b", "\x00", "\x1b",
    "{need}`RUT-HT-001`", "x" * 2000,
]

quoted_value = st.builds(
    lambda quote, parts, close: quote + "".join(parts) + (quote if close else ""),
    st.sampled_from(["'", '"']),
    st.lists(st.one_of(
        st.text(max_size=5),
        st.builds(lambda kind, digits: "\\" + kind + digits, st.sampled_from("xuU0abtnN_LP\\\" q"),
                  st.text(alphabet="0123456789abcdefABCDEF", max_size=8)
                  | st.text(alphabet="0123456789abcdefABCDEF", min_size=8, max_size=8)),
    ), max_size=4),
    st.booleans(),
)
option_name = st.one_of(
    quoted_value,
    st.deferred(lambda: st.sampled_from(option_names())),
    st.sampled_from(_TRICKY_NAMES),
    st.text(max_size=12),
)
option_value = st.one_of(
    quoted_value,
    quoted_value,
    st.deferred(lambda: st.sampled_from(model_values())),
    st.sampled_from(_TRICKY_VALUES),
    st.text(max_size=40),
    st.lists(st.deferred(lambda: st.sampled_from(model_values())), max_size=4).map(", ".join),
    st.lists(st.text(max_size=6), max_size=4).map(lambda v: "[" + ", ".join(v) + "]"),
    st.text(min_size=300, max_size=3000),
)

_PLAIN_LINES = [
    "", " ", "# Rubrik", "## Underrubrik", "Text med {need}`RUT-HT-001` i.", "{need}`Titel <PROC-HT-UTFORA>`",
    "- punkt", "1. steg", "   indraget", "\t:id: RUT-HT-001", ":id: RUT-HT-001", ":status: fastställd",
    ":::", "::::", ":::note", "```", "````", "~~~", "```python", "~~~ {rutin} kod", "---", "    ```{rutin} T",
    "   ```{rutin} T", "> citat", "| a | b |", "<div>", "`", "{", "\u2028", "\x85", "\x0c",
]


@st.composite
def fence(draw: st.DrawFn) -> str:
    return draw(st.sampled_from("`~:")) * draw(st.integers(3, 6))


@st.composite
def option_lines(draw: st.DrawFn) -> list[str]:
    lines: list[str] = []
    style = draw(st.sampled_from(["colon", "colon", "yaml", "yaml_unclosed", "none"]))
    if style.startswith("yaml"):
        lines.append("---")
    for _ in range(draw(st.integers(0, 8))):
        name, value = draw(option_name), draw(option_value)
        form = draw(st.sampled_from(["colon", "nospace", "indented", "empty", "bare", "yaml_list", "blank"]))
        if form == "blank":
            lines.append(draw(st.sampled_from(["", " ", "\t"])))
        elif form == "bare" or style.startswith("yaml"):
            lines.append(f"{name}: {value}")
            if form == "yaml_list":
                lines += [f"  - {v}" for v in draw(st.lists(option_value, max_size=3))]
        elif form == "nospace":
            lines.append(f":{name}:{value}")
        elif form == "indented":
            lines.append(" " * draw(st.integers(1, 4)) + f":{name}: {value}")
        elif form == "empty":
            lines.append(f":{name}:")
        else:
            lines.append(f":{name}: {value}")
    if style == "yaml":
        lines.append("---")
    return lines


def markdown_block(depth: int) -> st.SearchStrategy[list[str]]:
    @st.composite
    def directive(draw: st.DrawFn) -> list[str]:
        f = draw(fence())
        kind = draw(st.one_of(
            st.deferred(lambda: st.sampled_from(sorted(need_types()) * 3)),
            st.sampled_from(["note", "rutinn", "Rutin", "proces", "krav2", "need", "mermaid", ""]),
            st.text(max_size=8),
        ))
        title = draw(st.one_of(st.text(max_size=40), st.sampled_from(["", "Titel", "{x}", "`", ":::"])))
        indent = " " * draw(st.sampled_from([0, 0, 0, 1, 3, 4]))
        lines = [f"{indent}{f}{draw(st.sampled_from(['', ' ']))}{{{kind}}} {title}"]
        lines += draw(option_lines())
        if draw(st.booleans()):
            lines.append("")
        if depth > 0:
            for part in draw(st.lists(markdown_block(depth - 1), max_size=3)):
                lines += part
        else:
            lines += draw(st.lists(st.sampled_from(_PLAIN_LINES) | st.text(max_size=30), max_size=4))
        close = draw(st.sampled_from(["same", "same", "longer", "shorter", "missing", "other", "indented"]))
        if close == "same":
            lines.append(f)
        elif close == "longer":
            lines.append(f + f[0])
        elif close == "shorter":
            lines.append(f[:-1])
        elif close == "other":
            lines.append({"`": "~~~", "~": "```", ":": "```"}[f[0]])
        elif close == "indented":
            lines.append(" " * draw(st.integers(1, 5)) + f)
        return lines

    code_fence = st.builds(
        lambda f, info, body, closed: [f + info, *body] + ([f] if closed else []),
        fence(), st.sampled_from(["", "python", "{rutin} i kod", "yaml", "{eval-rst}"]),
        st.lists(st.sampled_from(_PLAIN_LINES), max_size=4), st.booleans(),
    )
    plain = st.lists(st.sampled_from(_PLAIN_LINES) | st.text(max_size=60), min_size=1, max_size=5)
    return st.one_of(plain, code_fence, directive(), directive(), directive())


markdown_doc = st.one_of(
    st.lists(markdown_block(2), max_size=5).map(lambda blocks: [line for b in blocks for line in b]),
    st.lists(st.sampled_from(_PLAIN_LINES) | st.text(max_size=20), max_size=30),
).flatmap(lambda lines: st.sampled_from(["\n", "\r\n", "\r"]).map(lambda sep: sep.join(lines)))

any_markdown = st.one_of(markdown_doc, markdown_doc, st.text(max_size=500))


def checked_scan(text: str) -> SourceScan | None:
    """scan_text's answer, checked. None when it crashed in a known way."""
    try:
        with production_stack():
            scan = scan_text(text, "fil.md", need_types())
    except Exception as exc:  # noqa: BLE001 - the property under test
        if tolerated(exc, "myst_escape_out_of_range", "scan_deep_nesting"):
            return None
        raise
    assert isinstance(scan, SourceScan)
    check_findings(scan.findings, text)
    for finding in scan.findings:
        event(f"fynd: {finding.code}")
    return scan


def check_findings(findings: list[Finding], text: str) -> None:
    lines = len(text.splitlines())
    for finding in findings:
        assert finding.code in RULES, finding
        assert isinstance(finding.line, int) and 0 <= finding.line <= lines, (finding, lines)
        assert_swedish(finding.message)


def checked_validate(scan: SourceScan, text: str, today: dt.date) -> None:
    try:
        with production_stack():
            findings = validate(the_model(), scan.needs, today)
    except Exception as exc:  # noqa: BLE001 - the property under test
        if tolerated(exc, "rules_deep_hierarchy"):
            return
        raise
    check_findings(findings, text)


@settings(FUZZ, max_examples=examples(500))
@given(text=any_markdown, today=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 1, 1)))
def test_scan_and_validate_never_raise(text: str, today: dt.date) -> None:
    scan = checked_scan(text)
    if scan is not None:
        checked_validate(scan, text, today)


@settings(FUZZ, max_examples=examples(300))
@given(
    kind=st.deferred(lambda: st.sampled_from(sorted(need_types()))),
    name=option_name,
    value=option_value,
    form=st.sampled_from([":{n}: {v}", ":{n}:{v}", "{n}: {v}", " :{n}: {v}"]),
    yaml_block=st.booleans(),
)
def test_single_option_never_raises(kind: str, name: str, value: str, form: str, yaml_block: bool) -> None:
    """One option, of any name and value, in an otherwise plain object."""
    option = form.format(n=name, v=value)
    lines = [f"```{{{kind}}} Titel", *(["---", option, "---"] if yaml_block else [option]), "", "Text.", "```"]
    text = "\n".join(lines)
    scan = checked_scan(text)
    if scan is not None:
        checked_validate(scan, text, TODAY)


@settings(FUZZ, max_examples=examples(15))
@example(depth=1500, kind="note", f="```")
@given(depth=st.integers(1, 1500), kind=st.sampled_from(["note", "rutin"]), f=st.sampled_from(["```", ":::"]))
def test_deeply_nested_fences_never_raise(depth: int, kind: str, f: str) -> None:
    text = (f"{f}{{{kind}}} T\n" * depth) + f + "\n"
    scan = checked_scan(text)
    if scan is not None:
        checked_validate(scan, text, TODAY)


def _chain(length: int, *, cycle: bool = False) -> str:
    """Processes P0, P1, ... each `del_av` the next (the last back to P0 when cycle):
    a process hierarchy `length` deep."""
    parts = []
    for i in range(length):
        parent = i + 1 if i + 1 < length else (0 if cycle else None)
        link = f":del_av: PROC-A{parent}\n" if parent is not None else ""
        parts.append(f"```{{process}} P{i}\n:id: PROC-A{i}\n{link}```\n")
    return "\n".join(parts)


@settings(FUZZ, max_examples=examples(15))
@example(length=1500, cycle=False)
@given(length=st.integers(1, 1500), cycle=st.booleans())
def test_long_process_hierarchy_never_raises(length: int, cycle: bool) -> None:
    text = _chain(length, cycle=cycle)
    scan = checked_scan(text)
    assert scan is not None and len(scan.needs) == length
    checked_validate(scan, text, TODAY)


# --------------------------------------------------------------------------- 3: round trip

_WORD = st.text(alphabet=string.ascii_letters + string.digits + "åäöÅÄÖéü-./()§", min_size=1, max_size=10)
_SAFE_TEXT = st.lists(_WORD, min_size=1, max_size=6).map(" ".join)
_TITLE_CHARS = st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"))


def _value_strategy(type_name: str, name: str) -> st.SearchStrategy[str]:
    """Valid values for an option of the type, as an author writes them."""
    model = the_model()
    type_def = model.types[type_name]
    if name == "id":
        return st.from_regex(type_def.id_pattern, fullmatch=True).filter(
            lambda v: v.startswith(type_def.prefix) and v == v.strip() and "\n" not in v)
    if name in type_def.links:
        targets = model.links[name].targets
        one = st.sampled_from(targets).flatmap(
            lambda t: st.just(model.types[t].id_example) | st.from_regex(model.types[t].id_pattern, fullmatch=True))
        one = one.filter(lambda v: v and v == v.strip() and not re.search(r"[\s,;|#'\"\[\]]", v))
        return st.lists(one, min_size=1, max_size=3).map(", ".join)
    usage = type_def.fields[name]
    f = usage.field
    allowed = model.allowed_values(usage)
    if f.kind == "date":
        one = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2199, 12, 31)).map(dt.date.isoformat)
    elif f.kind == "number":  # whole, or with a decimal comma or point
        one = st.integers(0, 10**6).map(str) | st.tuples(st.integers(0, 999), st.integers(0, 99),
                                                          st.sampled_from(",.")).map(lambda t: f"{t[0]}{t[2]}{t[1]}")
    elif f.kind == "period":
        one = st.tuples(st.integers(1900, 2199), st.sampled_from(["", *(f"-{m:02d}" for m in range(1, 13)),
                                                                 "-K1", "-K4", "-H1", "-H2"])).map(lambda t: f"{t[0]}{t[1]}")
    elif f.kind == "unit_figures":
        part = st.tuples(st.sampled_from(list(model.units)), st.integers(0, 100)).map(lambda t: f"{t[0]}: {t[1]},5")
        one = st.lists(part, min_size=1, max_size=3).map("; ".join)
    elif allowed:
        one = st.sampled_from(allowed)
    else:
        one = _SAFE_TEXT.filter(lambda v: not re.search(r"[,;|]", v)) if f.multiple else _SAFE_TEXT
    if f.multiple:
        return st.lists(one, min_size=1, max_size=3, unique=True).map(", ".join)
    return one


@st.composite
def well_formed_object(draw: st.DrawFn) -> tuple[str, str, list[tuple[str, str]], str, list[str], list[str]]:
    model = the_model()
    routine = model.structure.routine_type
    type_name = draw(st.sampled_from([routine] * 3 + sorted(model.types)) if routine else st.sampled_from(sorted(model.types)))
    type_def = model.types[type_name]
    required = ["id"] + [n for n, u in type_def.fields.items() if u.required]
    optional = [n for n in type_def.options() if n not in required]
    names = required + draw(st.lists(st.sampled_from(optional), unique=True, max_size=len(optional))) if optional else required
    names = draw(st.permutations(names))
    options = [(name, draw(_value_strategy(type_name, name))) for name in names]
    title = draw(st.text(_TITLE_CHARS, max_size=40).map(str.strip))
    preamble = draw(st.lists(st.sampled_from(["# Rubrik", "", "Inledande text.", "- punkt"]), max_size=5))
    body = draw(st.lists(_SAFE_TEXT, max_size=4))
    return type_name, title, options, draw(st.sampled_from(["colon", "yaml"])), preamble, body


@settings(FUZZ, max_examples=examples(200))
@given(obj=well_formed_object(), f=fence().filter(lambda f: f[0] != "~") | st.just("~~~"))
def test_well_formed_object_round_trips(obj: tuple, f: str) -> None:
    type_name, title, options, style, preamble, body = obj
    lines = [*preamble, f"{f}{{{type_name}}} {title}".rstrip()]
    fence_line = len(lines)
    expected_lines: dict[str, int] = {}
    if style == "yaml":
        lines.append("---")
    for name, value in options:
        lines.append(f"{name}: {value}" if style == "yaml" else f":{name}: {value}")
        expected_lines[name] = len(lines)
    if style == "yaml":
        lines.append("---")
    if body:
        lines.append("")
        body_line = len(lines) + 1
        lines += body
    lines.append(f)
    text = "\n".join(lines) + "\n"

    # colon fences are objects where the project enables them
    scan = scan_text(text, "fil.md", need_types(), Reading.with_extensions("colon_fence"))
    assert scan.findings == []
    [need] = scan.needs
    assert (need.type, need.title, need.line) == (type_name, title, fence_line)
    assert [(n, o.raw) for n, o in need.options.items()] == options
    assert {n: o.line for n, o in need.options.items()} == expected_lines
    for name, value in options:
        assert need.options[name].values == split_values(value)
    assert need.body == body
    if body:
        assert need.body_line == body_line

    # Valid values are accepted by the rules as well.
    bad = {"field_value", "field_date", "field_number", "field_scale", "field_period", "option_unknown", "id_malformed",
           "id_unknown_prefix", "title_missing" if title else "", "myst_list_syntax", "myst_yaml_list",
           "myst_options_lost", "myst_option_syntax", "option_duplicate"}
    wrong = [x for x in validate(the_model(), scan.needs, TODAY) if x.code in bad]
    assert wrong == []


# --------------------------------------------------------------------------- former crashes, shrunk
#
# Each crash the properties found, with its minimal input: shrunk by Hypothesis, or for
# the depth crashes found by bisection. All are fixed; each stays as a regression case
# that must now give a clean result or a ModelError.


#: (known crash, input as shown in the reason, model file text, exception)
MODEL_CRASHES: list[tuple[str, str, str, type[BaseException]]] = [
    ("yaml_scalar_constructor", "'!!int'", "!!int", IndexError),
    ("yaml_scalar_constructor", "'!!float'", "!!float", IndexError),
    ("yaml_scalar_constructor", "'!!bool'", "!!bool", KeyError),
    ("yaml_scalar_constructor", "'!!timestamp'", "!!timestamp", AttributeError),
    ("yaml_scalar_constructor", "'a: 2026-02-30' (an impossible date)", "a: 2026-02-30", ValueError),
    ("yaml_scalar_constructor", "'a: 0b_'", "a: 0b_", ValueError),
    ("yaml_scalar_constructor", "'a: ' + '9' * 4301 (int over Python's digit limit)", "a: " + "9" * 4301, ValueError),
    ("yaml_unhashable_key", "'? -' (a list as mapping key)", "? -", TypeError),
    ("yaml_escape_out_of_range", "'\"\\U00110000'", '"\\U00110000', ValueError),
    ("yaml_deep_nesting", "'[' * 500 + ']' * 500 (fails from 493)", "[" * 500 + "]" * 500, RecursionError),
    ("model_mixed_type_names", "'types:\\n  ::\\n  0:' (type names ':' and 0)", "types:\n  ::\n  0:", TypeError),
    ("model_id_pattern_compile", "id_pattern 'a{4294967295}'",
     "types:\n  t:\n    id_pattern: a{4294967295}\n", OverflowError),
    ("model_id_pattern_compile", "id_pattern '(' * 500 + ')' * 500 (fails from 493)",
     "types:\n  t:\n    id_pattern: '" + "(" * 500 + ")" * 500 + "'\n", RecursionError),
    ("model_id_template_render", "id_template '{number:{unit}}' with a unit 'A'",
     "units: {A: a}\ntypes:\n  t:\n    id_template: '{number:{unit}}'\n", ValueError),
]

#: (known crash, input as shown in the reason, Markdown text, exception)
SOURCE_CRASHES: list[tuple[str, str, str, type[BaseException]]] = [
    ("myst_escape_out_of_range", "'```{rutin}\\n:\"\\U00110000\\n```'", '```{rutin}\n:"\\U00110000\n```', ValueError),
    ("myst_escape_out_of_range", "'```{rutin}\\n:\"\\U80000000\\n```'", '```{rutin}\n:"\\U80000000\n```', OverflowError),
    ("myst_escape_out_of_range", "'```{rutin}\\n:a: \"\\U00110000\"\\n```'", '```{rutin}\n:a: "\\U00110000"\n```', ValueError),
    ("scan_deep_nesting", "'```{note} T\\n' * 1000 + '```' (fails from 989)", "```{note} T\n" * 1000 + "```\n", RecursionError),
    ("rules_deep_hierarchy", "1000 processes, each del_av the next (fails from 995)", _chain(1000), RecursionError),
]


def _known(cases: list[tuple[str, str, str, type[BaseException]]]) -> list[Any]:
    return [pytest.param(name, text, id=f"{name}-{i}") for i, (name, shown, text, exc) in enumerate(cases)]


#: Words of Python's and PyYAML's own messages (month must be in 1..12, invalid literal
#: for int(), chr() arg not in range): none may reach an author.
PYTHON_WORDS = re.compile(r"\b(must|range|invalid|literal|arg|index|could not|unhashable|object|expected|"
                          r"found|while|constructor|scalar|mapping|unterminated|position|encountered|unknown)\b",
                          re.IGNORECASE)


@pytest.mark.parametrize(("name", "text"), _known(MODEL_CRASHES))
def test_former_model_crash_is_a_clean_error(tmp: Path, name: str, text: str) -> None:
    """A clean error, in Swedish only: none of the Python error's own words."""
    with production_stack():
        try:
            load_model(write(tmp, text))
        except ModelError as err:
            assert all(p.message for p in err.problems)
            for problem in err.problems:
                assert not PYTHON_WORDS.search(problem.message), problem.message


#: (what is wrong, the sample model's line, what it becomes): each must be one problem at
#: that line, in Swedish only.
BAD_MODEL_VALUES = [
    ("an impossible date", "  period_months: 12", "  period_months: 2026-13-45"),
    ("a float tag on a word", "  period_months: 12", "  period_months: !!float tolv"),
    ("an ID template whose braces do not close", '    id_template: "RUT-{unit}-{number:03d}"',
     '    id_template: "RUT-{unit-{number:03d}"'),
    ("an ID template with a format its number cannot take", '    id_template: "RUT-{unit}-{number:03d}"',
     '    id_template: "RUT-{unit}-{number:q}"'),
    ("an ID pattern that is no pattern", "    id_pattern: ", "    id_pattern: '[RUT-'\n    x_pattern: "),
]


@pytest.mark.parametrize(("what", "old", "new"), BAD_MODEL_VALUES, ids=[c[0] for c in BAD_MODEL_VALUES])
def test_a_bad_value_in_the_model_is_a_swedish_problem_at_its_line(tmp_path: Path, what: str, old: str,
                                                                   new: str) -> None:
    from conftest import REPO

    text = (REPO / "lotsen.yaml").read_text(encoding="utf-8")
    assert old in text, old
    text = text.replace(old, new, 1)
    with pytest.raises(ModelError) as err:
        load_model(write(tmp_path, text))
    line = text[:text.index(new.split("\n")[0])].count("\n") + 1
    problems = [p for p in err.value.problems if p.line == line]
    assert problems, [(p.line, p.message) for p in err.value.problems]
    for problem in err.value.problems:
        assert not PYTHON_WORDS.search(problem.message), problem.message


@pytest.mark.parametrize(("name", "text"), _known(SOURCE_CRASHES))
def test_former_source_crash_is_read_cleanly(name: str, text: str) -> None:
    with production_stack():
        scan = scan_text(text, "fil.md", need_types())
        validate(the_model(), scan.needs, TODAY)
