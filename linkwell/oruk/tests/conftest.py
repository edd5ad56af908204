import pytest

from linkwell.oruk.tests.fixtures import Directory, build_directory


@pytest.fixture
def directory(db) -> Directory:
    return build_directory()
