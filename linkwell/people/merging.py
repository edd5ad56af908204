"""Other apps' part in merging two person records.

The people app cannot import the apps that refer to a person (referrals, casework…) without a cycle, so
each of them registers a hook here from its AppConfig.ready(). resolve_possible_duplicate calls every hook
inside the merge transaction, so a hook that fails undoes the whole merge.
"""

from collections.abc import Callable

from linkwell.people.models import Person

# Called as hook(kept, merged): move whatever points at `merged` over to `kept`.
MergeHook = Callable[[Person, Person], None]

MERGE_HOOKS: list[MergeHook] = []


def run_merge_hooks(*, kept: Person, merged: Person) -> None:
    for hook in MERGE_HOOKS:
        hook(kept, merged)
