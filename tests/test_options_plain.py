"""source/options.py reads plain ``name: value`` option lines itself, and leaves every
other block to MyST's option tokenizer. The oracle is MyST's tokenizer: wherever the
fast reading answers, it must give what MyST gives (names, values and lines)."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from myst_parser.parsers.options import TokenizeError, options_to_tokens

from lotsen.findings import Finding
from lotsen.source.options import plain_entries, read_options

FUZZ = settings(derandomize=True, database=None, deadline=None, max_examples=1500,
                suppress_health_check=[HealthCheck.too_slow])

#: Characters that mean something to MyST's tokenizer, beside ordinary text.
TRICKY = " :#'\"|>-[]{}\t\r\x85\u2028\u2029\ufeff\0\xa0\x0b\\,.&*!%@`?"
WORDS = ["a", "status", "Rutin", "åäö", "09", "x_y", "a b", "Enhetschef, Hemtjänst"]
#: Values and names made of words and single tricky characters, so that the fast
#: reading answers for a good share of the blocks and the tricky ones fall anywhere.
pieces = st.sampled_from(WORDS * 5 + list(TRICKY))
values = st.lists(pieces, max_size=4).map("".join)
names = st.one_of(st.sampled_from(["id", "status", "ägare", "a.b", "x-y", "_1"]), st.lists(pieces, max_size=2).map("".join))
option_line = st.builds(lambda n, gap, v: f"{n}:{gap}{v}", names,
                        st.sampled_from(["", " ", " ", " ", "  ", "\t", ":", " #"]), values)
any_line = st.text(st.sampled_from(list("abcåäö019_ " + TRICKY)), max_size=14)
blocks = st.lists(st.one_of(option_line, option_line, option_line, option_line, any_line), max_size=4).map("\n".join)


def myst_entries(text: str) -> list[tuple[str, str, int]] | str:
    try:
        tokens, _state = options_to_tokens(text)
    except (TokenizeError, ValueError, OverflowError) as err:
        return f"error: {err}"
    return [(key.value, value.value if value is not None else "", key.start.line) for key, value in tokens]


@FUZZ
@given(text=blocks)
@example(text="titel: Rutin för ensamarbete  ")
@example(text="status: fastställd\nägare: Enhetschef")
@example(text="a: x #kommentar")
@example(text="a: x#ingen kommentar")
@example(text="a:\nb: c")
@example(text="a: 'citerad'")
@example(text="a: b: c")
@example(text="a:b")
@example(text="a: x\u2028b: y")
@example(text="")
@example(text="a: x\xa0")
@example(text="a: \xa0x")
@example(text="a: x\x0b")
@example(text="a: x\x85y")
@example(text="a: x\ufeffy")
@example(text="a: x\0y")
@example(text="id: \0")
@example(text="a: x\ty")
@example(text="a: x\ry")
def test_the_fast_reading_agrees_with_myst_wherever_it_answers(text: str) -> None:
    fast = plain_entries(text)
    if fast is not None:
        assert fast == myst_entries(text)


def test_ordinary_options_are_read_fast_and_the_rest_by_myst() -> None:
    """The fast reading must answer for what objects usually hold, or it saves nothing;
    and it must leave the forms it does not know to MyST."""
    assert plain_entries("id: RUT-001\nstatus: fastställd\nansvarig: Enhetschef, Hemtjänst\nprocess:") == [
        ("id", "RUT-001", 0), ("status", "fastställd", 1), ("ansvarig", "Enhetschef, Hemtjänst", 2),
        ("process", "", 3)]
    for other in ("a: 'citerad'", 'a: "citerad"', "a: |", "a: >", "a: x #kommentar", "  a: b", "a:\tb",
                  "'a': b", "a: x\rb: y", "# kommentar"):
        assert plain_entries(other) is None, other


def test_read_options_gives_the_same_options_either_way() -> None:
    """The whole reading (findings, lines, values) is the same whether the fast path or
    MyST read the block: the same block with a comment line added goes to MyST."""
    content = [":id: RUT-001", ":status: fastställd", ":ansvarig: Enhetschef; Hemtjänst", ":krav: [A, B]", "", "Text."]
    fast_findings: list[Finding] = []
    fast = read_options(content, 10, "r.md", fast_findings)
    assert plain_entries("\n".join(c[1:] for c in content[:4])) is not None
    slow_content = [":id: RUT-001", ":status: fastställd", ":ansvarig: Enhetschef; Hemtjänst", ":krav: [A, B]",
                    ":# en kommentar", "", "Text."]
    slow_findings: list[Finding] = []
    slow = read_options(slow_content, 10, "r.md", slow_findings)
    assert plain_entries("\n".join(c[1:] for c in slow_content[:5])) is None
    assert {name: (o.raw, o.values, o.line) for name, o in fast.options.items()} == {
        name: (o.raw, o.values, o.line) for name, o in slow.options.items()}
    assert fast.options["ansvarig"].values == ["Enhetschef", "Hemtjänst"]
    assert [f.code for f in fast_findings] == [f.code for f in slow_findings] == ["myst_list_syntax"]
