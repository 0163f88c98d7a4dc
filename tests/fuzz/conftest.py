"""Session fixtures for the fuzz suite: the valid inputs every template starts from."""

from __future__ import annotations

import pytest
from tests.fuzz.harness import Fixtures, make_fixtures


@pytest.fixture(scope="session")
def fx(tmp_path_factory: pytest.TempPathFactory) -> Fixtures:
    return make_fixtures(tmp_path_factory.mktemp("fuzz-fixtures"))
