"""What every chapter is computed from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lotsen.reports.story.scope import Scope
from lotsen.source.index import ObjectIndex

if TYPE_CHECKING:  # git and the comparison of two versions: only the berättelse needs them
    from lotsen.reports.story.changes import YearChanges


@dataclass
class StoryContext:
    scope: Scope
    year: int
    #: The date the figures stand for: the year's end, or an earlier date given.
    cut: dt.date
    changes: YearChanges | None = None

    @property
    def index(self) -> ObjectIndex:
        return self.scope.index

    def in_year(self, day: dt.date | None) -> bool:
        return day is not None and day.year == self.year and day <= self.cut
