"""Reading need directives from MyST source: fences, option blocks and their lines."""

from __future__ import annotations

from lotsen.source.scanner import Reading, scan_text, split_values

TYPES = {"rutin", "krav"}


def test_backtick_and_colon_fences_and_lines() -> None:
    text = "\n".join([
        "# T",                      # 1
        "",                         # 2
        "```{rutin} Första",        # 3
        ":id: RUT-HT-001",          # 4
        ":målgrupp: a, b; c",       # 5
        "",                         # 6
        "1. Steg.",                 # 7
        "```",                      # 8
        "",                         # 9
        ":::{krav} Andra",          # 10
        ":id: KRAV-A",              # 11
        ":::",                      # 12
    ])
    scan = scan_text(text, "f.md", TYPES, Reading.with_extensions("colon_fence"))
    first, second = scan.needs
    assert (first.type, first.title, first.line, first.id) == ("rutin", "Första", 3, "RUT-HT-001")
    assert first.line_of("målgrupp") == 5
    assert first.values("målgrupp") == ["a", "b", "c"]
    assert first.body == ["1. Steg."] and first.body_line == 7
    assert (second.type, second.line, second.id) == ("krav", 10, "KRAV-A")
    assert scan.findings == []


def test_code_fences_and_other_directives_are_not_needs() -> None:
    text = "\n".join([
        "````{note}",
        "```{rutin} Inuti en note",
        ":id: RUT-HT-002",
        "```",
        "````",
        "```python",
        "```{rutin} Bara kod",
        "```",
        "~~~",
        "```{krav} också kod",
        "~~~",
    ])
    scan = scan_text(text, "f.md", TYPES)
    assert [(n.id, n.line) for n in scan.needs] == [("RUT-HT-002", 2)]


def test_yaml_block_options_have_their_lines() -> None:
    text = "\n".join(["```{krav} K", "---", "id: KRAV-A", "källa: SoL", "---", "Text.", "```"])
    [need] = scan_text(text, "f.md", TYPES).needs
    assert need.line_of("källa") == 4
    assert need.body == ["Text."] and need.body_line == 6


def test_blank_line_after_directive_loses_all_options() -> None:
    text = "\n".join(["```{krav} K", "", ":id: KRAV-A", ":källa: SoL", "```"])
    scan = scan_text(text, "f.md", TYPES)
    [finding] = scan.findings
    assert (finding.code, finding.line) == ("myst_options_lost", 3)
    assert scan.needs[0].id == "KRAV-A"  # kept, so that no second finding follows


def test_split_values_like_sphinx_needs() -> None:
    assert split_values(" a, b ;c|d ,, ") == ["a", "b", "c", "d"]


def test_an_objects_id_digest_and_links_are_kept_with_it_and_follow_a_copy() -> None:
    """They are worked out once per object and kept with it, also through Lotsen's
    cache (pickled); a copy with another title, ID or link is another object, worked
    out anew."""
    import dataclasses
    import pickle

    from lotsen.source.options import OptionValue

    text = "```{rutin} Första\n:id: RUT-HT-001\n:krav: KRAV-A\n\n1. Steg.\n```\n"
    need = scan_text(text, "f.md", TYPES).needs[0]
    digest = need.digest()
    assert need.link_targets() == ["KRAV-A"]
    kept = pickle.loads(pickle.dumps(need))
    assert (kept.id, kept.digest(), kept.link_targets()) == ("RUT-HT-001", digest, ["KRAV-A"])
    relinked = dataclasses.replace(kept, options={**kept.options, "krav": OptionValue("krav", "KRAV-B", 3, ["KRAV-B"])})
    assert relinked.link_targets() == ["KRAV-B"] and relinked.digest() != digest
    retitled = dataclasses.replace(kept, title="Andra")
    assert retitled.digest() != digest
    assert retitled.digest() == dataclasses.replace(need, title="Andra").digest()
    renamed = dataclasses.replace(kept, options={**kept.options, "id": OptionValue("id", "RUT-HT-009", 2)})
    assert renamed.id == "RUT-HT-009" and renamed.digest() != digest


def test_a_file_is_decoded_as_read_text_reads_it() -> None:
    """``decoded`` takes a shortcut past the text layer; it must give the same text,
    and the same error, as ``Path.read_text(encoding="utf-8-sig")``."""
    import io

    import pytest

    from lotsen.source.scanner import decoded

    def reference(data: bytes) -> str:
        return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig").read()

    samples = [b"", b"a\nb", "\ufeffå\n".encode(), "å\ufeffä".encode(), b"a\r\nb\rc\n\r", b"\xef\xbb\xbfa\r\n",
               b"a\x00b\n", "\u2028x\x85y\n".encode()]
    for data in samples:
        assert decoded(data) == reference(data), data
    for data in (b"a\nb\n\xff\n", b"\xef\xbb\xbfa\n\xc3\n", b"a\r\n\xff"):
        with pytest.raises(UnicodeDecodeError) as ours:
            decoded(data)
        with pytest.raises(UnicodeDecodeError) as theirs:
            reference(data)
        assert (ours.value.object[:ours.value.start].count(b"\n")
                == theirs.value.object[:theirs.value.start].count(b"\n"))
