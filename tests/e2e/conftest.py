"""Real-browser tests (their fixtures are in tests/browser.py, shared with the browser tests of other
features: one server and one Chromium for the whole run)."""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
