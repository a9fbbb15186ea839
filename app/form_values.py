"""Small input rules shared by the schemas of several features (forms and JSON alike)."""

from __future__ import annotations

from datetime import date


def stripped(value: object) -> object:
    """Text without the spaces around it (a pasted name, a title typed with a trailing space)."""
    return value.strip() if isinstance(value, str) else value


def blank_is_none(value: object) -> object:
    """An empty or blank text field means "not given"; other text is stripped."""
    if isinstance(value, str):
        return value.strip() or None
    return value


def form_date(value: object) -> object:
    """A date typed as YYYY-MM-DD (blank is None), with a message a person understands."""
    value = blank_is_none(value)
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError("Please enter a date like 2026-03-01.") from None
    return value
