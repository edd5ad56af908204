"""Recording, from a case, what the person decided about each use of their details. Each decision is a new
row made by people.actions.record_consent, which audits it; this module only turns the link worker's answers
into decisions, all or none of them saved."""

import enum
from collections.abc import Mapping

from django.db import transaction

from linkwell.accounts.models import User
from linkwell.casework.actions import CaseworkProblem, check_may_work_on, check_open, lock_case
from linkwell.casework.models import Case
from linkwell.people.actions import ConsentProblem, current_consent, record_consent
from linkwell.people.models import Consent, ConsentDecision, ConsentMethod, ConsentPurpose, Person

# How a link worker may have heard the person's answer.
CASE_CONSENT_METHODS = (ConsentMethod.IN_PERSON, ConsentMethod.PHONE)
NOTHING_ASKED = "Choose given or refused for at least one of the questions you asked"


class Answer(enum.StrEnum):
    GIVEN = "given"
    REFUSED = "refused"
    NOT_ASKED = "not_asked"


def decision_for(answer: Answer, current: Consent | None) -> ConsentDecision | None:
    """The decision to record for an answer. A "no" to something agreed before withdraws that agreement;
    a question not asked this time records nothing."""
    if answer == Answer.GIVEN:
        return ConsentDecision.GIVEN
    if answer == Answer.REFUSED:
        given_now = current is not None and current.decision == ConsentDecision.GIVEN
        return ConsentDecision.WITHDRAWN if given_now else ConsentDecision.REFUSED
    return None


@transaction.atomic
def record_case_consents(
    *, case: Case, answers: Mapping[ConsentPurpose, Answer], method: ConsentMethod, by: User
) -> list[Consent]:
    """Record the person's answers, told to `by` in person or by phone, as new consent decisions."""
    locked = lock_case(case)
    check_may_work_on(locked, by=by)
    check_open(locked)
    if method not in CASE_CONSENT_METHODS:
        raise CaseworkProblem({"method": "Choose how they told you"})
    # Locked first, so the positions read here are still the current ones when the decisions are written.
    person = Person.objects.select_for_update().get(pk=locked.person_id)
    positions = current_consent(person)
    decisions = [
        (purpose, decision)
        for purpose, answer in answers.items()
        if (decision := decision_for(answer, positions[purpose])) is not None
    ]
    if not decisions:
        raise CaseworkProblem({"": NOTHING_ASKED})
    recorder = f"{by.full_name or by.email}, {locked.team.name}"[:200]
    try:
        return [
            # Any problem ends this whole transaction, so no decision is saved without the others.
            record_consent(
                person=person,
                purpose=purpose,
                decision=decision,
                method=method,
                by=by,
                by_label=recorder,
                savepoint=False,
            )
            for purpose, decision in decisions
        ]
    except ConsentProblem as problem:
        raise CaseworkProblem({"": str(problem)}) from problem
