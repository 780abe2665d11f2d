"""The build's log shows no personal number: every message Sphinx and its extensions
write (a document's name in a status line, a value quoted in a warning) is masked
before it is printed."""

from __future__ import annotations

import logging

from sphinx.application import Sphinx

from lotsen.checks.personal_data import mask_personal_numbers


class MaskPersonalNumbers(logging.Filter):
    """Masks the message and its location; runs after Sphinx's own filters."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = str(record.msg)
        if record.args:
            try:
                message = message % record.args
            except (TypeError, ValueError):
                message = f"{message} {record.args}"
            record.args = ()
        record.msg = mask_personal_numbers(message)
        location = getattr(record, "location", None)
        if isinstance(location, str):
            record.location = mask_personal_numbers(location)
        return True


def setup_masked_log(app: Sphinx) -> None:
    """Add the mask to every handler of Sphinx's log (set up before extensions load)."""
    for handler in logging.getLogger("sphinx").handlers:
        if not any(isinstance(f, MaskPersonalNumbers) for f in handler.filters):
            handler.addFilter(MaskPersonalNumbers())
