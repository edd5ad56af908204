from collections.abc import Iterator

import pytest

from linkwell.matching.index import forget_index


@pytest.fixture(autouse=True)
def fresh_index() -> Iterator[None]:
    """Each test builds its own directory; the index of the one before must not carry over."""
    forget_index()
    yield
    forget_index()
