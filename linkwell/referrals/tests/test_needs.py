from linkwell.directory.taxonomy import CATEGORIES
from linkwell.referrals.needs import SUGGESTED_CATEGORIES, Need


def test_every_need_suggests_only_real_top_level_directory_categories():
    top_level = {name for name, _, _ in CATEGORIES}
    assert set(SUGGESTED_CATEGORIES) == set(Need)
    for need, categories in SUGGESTED_CATEGORIES.items():
        assert set(categories) <= top_level, need


def test_every_need_but_something_else_suggests_somewhere_to_look():
    assert [need for need, categories in SUGGESTED_CATEGORIES.items() if not categories] == [Need.OTHER]
