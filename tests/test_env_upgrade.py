"""An environment pickled by an earlier Lotsen, whose EnvData had fewer fields, must not
stop a build after an upgrade: Sphinx is told the environment's shape (env_version), so
it reads every page into a new one, and an EnvData unpickled without a field has it empty."""

from __future__ import annotations

import dataclasses
import pickle

from lotsen.sphinx import state
from lotsen.sphinx.state import EnvData, env_version


def test_an_env_data_pickled_without_a_field_gets_it_empty() -> None:
    data = EnvData()
    data.report_docs["a"] = ["riskregister"]
    older = pickle.dumps(data)
    for field in dataclasses.fields(EnvData):
        if field.name == "report_docs":
            continue
        # as an EnvData of a Lotsen without this field was pickled
        kept = EnvData()
        kept.report_docs["a"] = ["riskregister"]
        del kept.__dict__[field.name]
        loaded = pickle.loads(pickle.dumps(kept))
        assert getattr(loaded, field.name) == getattr(EnvData(), field.name), field.name
        loaded.purge("a")  # every field a purge touches is there
        loaded.merge({"a"}, pickle.loads(older))
        assert loaded.report_docs == {"a": ["riskregister"]}


def test_the_env_version_follows_the_fields(monkeypatch) -> None:  # noqa: ANN001
    now = env_version()
    assert now == env_version()  # the same in every process: no hash of a random seed

    @dataclasses.dataclass
    class Wider(EnvData):
        new_field: dict = dataclasses.field(default_factory=dict)

    monkeypatch.setattr(state, "EnvData", Wider)
    assert env_version() != now
