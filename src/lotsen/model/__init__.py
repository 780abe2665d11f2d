"""The organisation's model: the schema of lotsen.yaml, its loader, and the ID and
account parts of the workflow."""

from lotsen.model.loader import load_model, load_model_kept
from lotsen.model.schema import COVERAGE_GATES, FieldDef, LinkDef, Model, TypeDef, TypeField

__all__ = ["COVERAGE_GATES", "FieldDef", "LinkDef", "Model", "TypeDef", "TypeField", "load_model", "load_model_kept"]
