"""The benchmark generator (bench/generate.py): deterministic, the right size, and a
ledningssystem that passes Lotsen's checks and builds with -W."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sys
from collections import Counter
from pathlib import Path

import pytest

from lotsen.checks.pipeline import check, scan_files
from lotsen.findings import ERROR
from lotsen.model import load_model
from lotsen.source.files import content_files

from conftest import REPO, TODAY, reported, sphinx_build

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench import edits as E  # noqa: E402
from bench.generate import MIX, SIZES, Generator, generate  # noqa: E402


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def within(value: int, target: int, share: float = 0.10) -> bool:
    return abs(value - target) <= share * target


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("bench") / "S"
    return root, generate(root, "S", seed=1)


def test_same_seed_gives_the_same_bytes(small, tmp_path: Path) -> None:
    root, _ = small
    again = tmp_path / "again"
    generate(again, "S", seed=1)
    first, second = tree(root), tree(again)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_another_seed_gives_another_system(small, tmp_path: Path) -> None:
    root, _ = small
    other = tmp_path / "other"
    generate(other, "S", seed=2)
    first, second = tree(root), tree(other)
    differing = [name for name in first if name.endswith(".md") and first.get(name) != second.get(name)]
    assert len(differing) > len(first) // 2


def test_refuses_a_non_empty_destination(tmp_path: Path) -> None:
    (tmp_path / "x.md").write_text("# x\n", encoding="utf-8")
    with pytest.raises(FileExistsError):
        generate(tmp_path, "S")


def _assert_size(root: Path, stats, size: str) -> None:
    spec = SIZES[size]
    assert within(stats.objects, spec.objects), stats.summary()
    assert within(stats.pages, spec.pages), stats.summary()
    assert stats.pages == len(list(root.rglob("*.md")))
    for type_name, share in MIX.items():
        assert within(stats.counts[type_name], spec.objects * share / sum(MIX.values())), (type_name, stats.counts)
    assert stats.bytes == sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


def test_small_has_the_target_counts_and_pages(small) -> None:
    root, stats = small
    _assert_size(root, stats, "S")


def test_medium_has_the_target_counts_and_pages(tmp_path: Path) -> None:
    root = tmp_path / "M"
    stats = generate(root, "M", seed=1)
    _assert_size(root, stats, "M")
    assert stats.units == SIZES["M"].units


def test_the_model_is_the_samples_with_more_units_and_roles(small) -> None:
    root, stats = small
    sample = load_model(REPO / "lotsen.yaml")
    model = load_model(root / "lotsen.yaml")
    assert set(sample.units) < set(model.units) and len(model.units) == stats.units
    assert set(sample.roles) < set(model.roles) and len(model.roles) == stats.roles
    assert set(model.types) == set(sample.types) and model.coverage == sample.coverage
    assert all(re.fullmatch(r"[A-Z]{2,5}", code) for code in model.units)


def test_lotsen_check_finds_no_errors(small) -> None:
    root, stats = small
    model = load_model(root / "lotsen.yaml")
    result = check(model, root, content_files(root), dt.date.fromisoformat(TODAY))
    errors = [f for f in result.findings if f.severity == ERROR]
    assert errors == []
    counted = Counter(n.type for n in result.needs)
    assert dict(counted) == {t: n for t, n in stats.counts.items() if n}
    for need in result.needs:
        assert model.types[need.type].id_pattern.fullmatch(need.id), need.id
    # review dates stay in the future for any date up to the end of 2030
    late = check(model, root, content_files(root), dt.date(2030, 12, 31))
    assert [f for f in late.findings if f.code == "review_overdue"] == []


def test_small_builds_with_W(small) -> None:
    root, _ = small
    result = sphinx_build(root, pdf=False)  # its PDFs are the sample's tests' subject
    assert result.returncode == 0, result.stderr[-3000:]
    assert "WARNING" not in result.stderr
    assert reported(result.stderr) == []
    assert (root / "_build" / "html" / "needs.json").is_file()


def test_the_year_and_the_unit_tree_are_generated(small) -> None:
    """Results, case statistics and indicators with outcomes, read clean; every unit
    sits under an avdelning, as in the sample."""
    root, stats = small
    model = load_model(root / "lotsen.yaml")
    result = check(model, root, content_files(root), dt.date.fromisoformat(TODAY))
    assert result.statistics is not None and len(result.statistics.counts) > 100
    assert result.goal_values is not None and len(result.goal_values.outcomes) >= stats.counts["indikator"] // 2
    linked = [n for n in result.needs if n.type == "indikator" and n.values(model.goals.control_link)]
    assert linked, "some indicators take their outcome from a control's results"
    tree = model.unit_tree
    leaves = [code for code in model.units if tree.is_leaf(code) and tree.units[code].kind != "avdelning"]
    assert len(leaves) > 10
    for code in leaves:
        assert tree.units[tree.units[code].parent].kind == "avdelning", code


def test_extra_large_is_fifteen_forvaltningar_in_the_samples_proportions(tmp_path: Path) -> None:
    """XL (30,000 objects) is not built here, only generated and read: its size and
    mix, and the unit tree of fifteen förvaltningar, each with its avdelningar and every
    unit under an avdelning. IDs fit the model's patterns (goals and actions outgrow
    one year's numbers at this size)."""
    root = tmp_path / "XL"
    generator = Generator("XL", 1, REPO)
    generator.build()
    root.mkdir()
    stats = generator.write(root)
    _assert_size(root, stats, "XL")
    model = load_model(root / "lotsen.yaml")
    tree = model.unit_tree
    assert len(model.units) == stats.units == SIZES["XL"].units
    roots = tree.roots()
    assert len(roots) == SIZES["XL"].forvaltningar == 15
    assert all(tree[code].kind == "förvaltning" for code in roots)
    for code in roots:
        avds = [c for c in tree.children(code) if tree[c].kind == "avdelning"]
        assert len(avds) >= 3, code
        assert all(tree.children(a) for a in avds), code
    avdelningar = [c for c in model.units if tree[c].kind == "avdelning"]
    assert len(avdelningar) >= SIZES["XL"].avdelningar
    units = [c for c in model.units if tree.is_leaf(c) and tree[c].kind != "avdelning"]
    assert len(units) > 200
    for code in units:
        assert tree[tree[code].parent].kind == "avdelning", code
    # every unit with content has its objects: no förvaltning is an empty shell
    with_content = {u.code for u in generator.units}
    for code in roots:
        assert with_content & tree.subtree(code), code
    for need in generator.by_id.values():
        assert model.types[need.type].id_pattern.fullmatch(need.id), need.id
        for unit in need.links(model.field_for("units")):
            assert unit in model.units, (need.id, unit)


def test_the_benchs_edits_leave_sources_that_check_clean(small, tmp_path: Path) -> None:
    """bench/edits.py's three edits (a risk's score, a moved routine, a deleted control)
    change what they say and leave a ledningssystem with no errors, whose sources no
    longer name the deleted control; putting them back restores every byte."""
    root = tmp_path / "S"
    shutil.copytree(small[0], root, ignore=shutil.ignore_patterns("_build"))
    before = tree(root)
    model = load_model(root / "lotsen.yaml")
    done = []
    for make in (E.rescore_risk, E.move_routine, E.delete_control):
        needs, _ = scan_files(model, root, content_files(root))
        done.append(make(root, model, needs))
    risk, moved, deleted = done
    result = check(model, root, content_files(root), dt.date.fromisoformat(TODAY))
    assert [f for f in result.findings if f.severity == ERROR] == []
    by_id = {n.id: n for n in result.needs}
    assert by_id[risk.expect["id"]].value(model.risk.likelihood) == str(risk.expect["likelihood"])
    assert model.risk.level(risk.expect["score"]).label == risk.expect["level"]
    assert by_id[moved.expect["id"]].values(model.field_for("units")) == [moved.expect["new"]]
    assert Path(by_id[moved.expect["id"]].file).parent.name == moved.expect["new"].lower()
    assert deleted.expect["id"] not in by_id
    assert all(deleted.expect["id"].encode() not in data for data in tree(root).values())
    E.restore(root, done)
    assert tree(root) == before


def test_the_deleted_control_check_reads_the_search_index_as_the_search_does(tmp_path: Path) -> None:
    """After an edit the search index is a base and a part of changes; the search leaves
    out the hits lotsen-delar.json names as replaced (site/search_parts.py), so the
    bench's check does too, and a hit it can show still counts."""
    import gzip
    import json

    def fragment(folder: Path, hit_id: str, text: str) -> None:
        (folder / "fragment").mkdir(parents=True, exist_ok=True)
        body = json.dumps({"url": f"/{hit_id}.html", "content": text}).encode()
        (folder / "fragment" / f"{hit_id}.pf_fragment").write_bytes(gzip.compress(b"pagefind_dcd" + body))

    out = tmp_path / "out"
    fragment(out / "pagefind", "sv_old", "Kontrollen KTRL-X-01 görs varje månad.")
    fragment(out / "pagefind" / "andrat", "sv_words", "KTRL-X-01 Kontrollen görs")
    fragment(out / "pagefind" / "andrat", "sv_new", "Inga kontroller här.")
    (out / "pagefind" / "lotsen-delar.json").write_text(
        json.dumps({"changes": "andrat/", "replaced": ["sv_old", "sv_words"]}), encoding="utf-8")
    deleted = E.Edit(kind="deleted", what="", expect={"id": "KTRL-X-01"})
    assert E.check_deleted(out, deleted, None) == []
    fragment(out / "pagefind" / "andrat", "sv_new", "Här står KTRL-X-01 kvar.")
    assert E.check_deleted(out, deleted, None) == ["pagefind/andrat/fragment/sv_new.pf_fragment: nämner KTRL-X-01"]
    (out / "pagefind" / "lotsen-delar.json").unlink()  # one index: every page counts
    assert len(E.check_deleted(out, deleted, None)) == 3
