from typing import Any

from linkwell.accounts.models import User
from linkwell.casework.models import Case


def case_section(case: Case, user: User) -> dict[str, Any]:
    return {}
