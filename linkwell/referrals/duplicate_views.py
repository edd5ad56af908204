"""Possible duplicate records, checked by a team lead or an administrator: the list of pairs to check, and
the page that puts two records side by side and records the decision.

A pair is shown only when both people were referred to a team where the user may check duplicates, so a
team lead never reads a record from outside their team; a pair that spans two teams is left for an
administrator, who sees everything. Which record is kept and what moves is decided by
people.actions.resolve_possible_duplicate, which also refuses what cannot be merged."""

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from linkwell.accounts.models import User
from linkwell.accounts.permissions import has_permission, require_permission, signed_in_user
from linkwell.accounts.roles import Permission
from linkwell.lib.dates import format_date
from linkwell.people.access import people_for_user, view_person
from linkwell.people.actions import DuplicateProblem, resolve_possible_duplicate
from linkwell.people.models import DuplicateStatus, Person, PossibleDuplicate
from linkwell.referrals.access import team_scope
from linkwell.referrals.duplicate_forms import DuplicateDecisionForm
from linkwell.referrals.inbox_queries import practice_name, worker_names
from linkwell.referrals.models import Referral

PAGE_SIZE = 25


# --- Which pairs a user may check ---------------------------------------------------------------
_MAY_CHECK = frozenset({Permission.CHECK_DUPLICATES})


def _people_to_check(user: User) -> QuerySet[Person]:
    """People in the user's sight who were referred to a team where the user may check duplicates. A team
    lead who is also a link worker elsewhere sees that other team's people, but does not decide for it."""
    scope = team_scope(user, _MAY_CHECK)
    if scope is None:
        return Person.objects.none()
    return people_for_user(user).filter(pk__in=Referral.objects.filter(scope).values("person_id"))


def duplicates_to_check(user: User) -> QuerySet[PossibleDuplicate]:
    """Open pairs the user may decide: both people are theirs to check."""
    people = _people_to_check(user)
    return PossibleDuplicate.objects.filter(status=DuplicateStatus.OPEN, person__in=people, other__in=people)


def _pair_for_user(user: User, duplicate_id: int) -> PossibleDuplicate:
    """An open pair the user may check, or one already checked; missing and not-yours are the same 404."""
    people = _people_to_check(user)
    # A merged record's referrals moved to the record it was merged into, so it is reached through that one.
    reachable = Person.objects.filter(Q(pk__in=people) | Q(merged_into__in=people))
    try:
        return PossibleDuplicate.objects.filter(person__in=reachable, other__in=reachable).get(pk=duplicate_id)
    except PossibleDuplicate.DoesNotExist:
        raise Http404("No such possible duplicate") from None


def _kept_record(pair: PossibleDuplicate) -> Person | None:
    """After a merge, the one of the two records still live (None once it, too, has been merged away)."""
    return Person.objects.filter(pk__in=(pair.person_id, pair.other_id), merged_into__isnull=True).first()


def _current_referral(user: User, person_id: uuid.UUID) -> Referral | None:
    """The person's newest referral in a team inbox the user works in: where to go on to after a merge."""
    scope = team_scope(user)
    if scope is None:
        return None
    newest_first = Referral.objects.filter(scope, person_id=person_id).select_related("team").order_by("-received_at")
    return next(
        (referral for referral in newest_first if has_permission(user, Permission.VIEW_TEAM_INBOX, team=referral.team)),
        None,
    )


# --- What the pages show ------------------------------------------------------------------------
def _capitalised(text: str) -> str:
    # Reasons are stored as lower-case phrases ("same date of birth"), to be shown starting a sentence.
    return text[:1].upper() + text[1:]


def _reasons_in_words(reasons: Iterable[str]) -> str:
    """One sentence: "Same date of birth, same family name, same postcode"."""
    return _capitalised(", ".join(reasons))


def _oldest_first(first: Person, second: Person) -> tuple[Person, Person]:
    return (
        (first, second) if (first.created_at, str(first.pk)) <= (second.created_at, str(second.pk)) else (second, first)
    )


@dataclass(frozen=True)
class DuplicateRow:
    pair: PossibleDuplicate
    first: Person
    second: Person
    reasons: str


@dataclass(frozen=True)
class ComparedDetail:
    label: str
    first: str
    second: str
    # None when one record or both lack the detail, so there is nothing to compare.
    same: bool | None


def _plain(text: str) -> str:
    return " ".join(text.casefold().split())


def _digits(text: str) -> str:
    return "".join(character for character in text if character.isdigit())


def _address(person: Person) -> str:
    return ", ".join(line for line in (person.address_line_1, person.address_line_2, person.town) if line)


# Each row of the comparison: its label, the detail as shown, and the form in which two values are compared.
_COMPARED: list[tuple[str, Callable[[Person], str], Callable[[str], str]]] = [
    ("Name", lambda person: f"{person.given_name} {person.family_name}", _plain),
    ("Preferred name", lambda person: person.preferred_name, _plain),
    ("Date of birth", lambda person: format_date(person.date_of_birth), _plain),
    ("NHS number", lambda person: person.nhs_number_display, _digits),
    ("Postcode", lambda person: person.postcode, _plain),
    ("Address", _address, _plain),
    ("Phone", lambda person: person.phone, _digits),
    ("Email", lambda person: person.email, _plain),
    ("GP practice", practice_name, _plain),
]


def compare(first: Person, second: Person) -> list[ComparedDetail]:
    details = []
    for label, shown, compared_as in _COMPARED:
        first_value, second_value = shown(first), shown(second)
        same = compared_as(first_value) == compared_as(second_value) if first_value and second_value else None
        details.append(ComparedDetail(label=label, first=first_value, second=second_value, same=same))
    return details


def _referrals_of(user: User, people: Iterable[Person]) -> dict[uuid.UUID, list[Referral]]:
    """Each person's referrals that the user's teams see, newest first: one query for all of them."""
    by_person: dict[uuid.UUID, list[Referral]] = {person.pk: [] for person in people}
    scope = team_scope(user)
    if scope is None:
        return by_person
    referrals = Referral.objects.filter(scope, person_id__in=by_person).select_related("team").order_by("-received_at")
    for referral in referrals:
        by_person[referral.person_id].append(referral)
    return by_person


# --- Pages --------------------------------------------------------------------------------------
@require_GET
@require_permission(Permission.CHECK_DUPLICATES)
def duplicate_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    pairs = duplicates_to_check(user).select_related("person", "other").order_by("found_at", "pk")
    page = Paginator(pairs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        DuplicateRow(pair, *_oldest_first(pair.person, pair.other), _reasons_in_words(pair.reasons)) for pair in page
    ]
    return render(
        request,
        "referrals/inbox/duplicates.html",
        {"page": page, "rows": rows, "may_view_inbox": has_permission(user, Permission.VIEW_TEAM_INBOX)},
    )


def _check_page(
    request: HttpRequest,
    pair: PossibleDuplicate,
    *,
    form: DuplicateDecisionForm,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    user = signed_in_user(request)
    context: dict[str, object] = {
        "pair": pair,
        "is_open": pair.status == DuplicateStatus.OPEN,
        "reasons": [_capitalised(reason) for reason in pair.reasons],
        "reasons_in_words": _reasons_in_words(pair.reasons),
        "form": form,
        "problem": problem,
        "has_errors": bool(problem or form.errors),
    }
    if pair.status == DuplicateStatus.OPEN:
        # Both records are shown, so both reads are audited.
        first, second = _oldest_first(view_person(request, pair.person_id), view_person(request, pair.other_id))
        context.update(
            first=first, second=second, details=compare(first, second), referrals=_referrals_of(user, (first, second))
        )
    else:
        kept = _kept_record(pair) if pair.status == DuplicateStatus.SAME_PERSON else None
        checked_by = worker_names([pair.resolved_by_id]).get(pair.resolved_by_id) if pair.resolved_by_id else None
        context.update(
            outcome=DuplicateStatus(pair.status).label,
            checked_by=checked_by,
            kept_referral=_current_referral(user, kept.pk) if kept is not None else None,
        )
    return render(request, "referrals/inbox/duplicate_check.html", context, status=status)


@require_http_methods(["GET", "POST"])
@require_permission(Permission.CHECK_DUPLICATES)
def duplicate_check(request: HttpRequest, duplicate_id: int) -> HttpResponse:
    user = signed_in_user(request)
    pair = _pair_for_user(user, duplicate_id)
    if request.method == "GET":
        return _check_page(request, pair, form=DuplicateDecisionForm())
    form = DuplicateDecisionForm(request.POST)
    if not form.is_valid():
        return _check_page(request, pair, form=form, status=400)
    try:
        resolve_possible_duplicate(duplicate=pair, same_person=form.same_person, by=user)
    except DuplicateProblem as problem:
        # Someone else may have decided first: show the pair as it is now, with the reason.
        pair.refresh_from_db()
        return _check_page(request, pair, form=form, problem=str(problem), status=400)
    if not form.same_person:
        messages.success(request, "Recorded: these are different people. Both records stay as they are.")
        return redirect("inbox:duplicates")
    messages.success(request, "Merged: the two records are now one, with the referrals and consent decisions of both.")
    kept = _kept_record(pair)
    referral = _current_referral(user, kept.pk) if kept is not None else None
    if referral is None:
        return redirect("inbox:duplicates")
    return redirect("inbox:referral", referral_id=referral.pk)
