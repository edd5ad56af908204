"""Other apps' part in accepting a referral into support.

Accepting a referral opens a case, but referrals cannot import casework (casework builds on referrals), so
casework registers a hook here from its AppConfig.ready(). change_status calls every hook inside its own
transaction, after the referral has moved to "accepted": a hook that refuses (IllegalTransition) undoes
the acceptance, so a referral is never accepted without its case.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from linkwell.accounts.models import User
    from linkwell.referrals.models import Referral

# Called as hook(referral, by) with the referral locked and already "accepted".
AcceptanceHook = Callable[["Referral", "User"], None]

ACCEPTANCE_HOOKS: list[AcceptanceHook] = []


def run_acceptance_hooks(*, referral: "Referral", by: "User") -> None:
    for hook in ACCEPTANCE_HOOKS:
        hook(referral, by)
