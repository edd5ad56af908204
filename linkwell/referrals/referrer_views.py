"""The referrer's pages: make a referral, and follow the ones they made. Parse input, check permission, call
receive_referral, render. Referrers see status only: these pages never show case notes or what the team
recorded, whoever is looking."""

import uuid
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from linkwell.accounts.models import Membership, Organisation, OrganisationKind, User
from linkwell.accounts.permissions import memberships_of, require_permission, signed_in_user
from linkwell.accounts.roles import ROLE_DEFINITIONS, Permission, Role
from linkwell.casework.message_back import is_ready as message_back_is_ready
from linkwell.people.models import ConsentDecision, ConsentMethod, ConsentPurpose
from linkwell.referrals.access import get_referral_for_user, referrals_for_user
from linkwell.referrals.actions import ConsentChoice, ReferralProblem, receive_referral
from linkwell.referrals.models import Referral, ReferralChannel, ReferralSource, ReferralStatus
from linkwell.referrals.referrer_forms import ReferralForm, StatusFilterForm

PAGE_SIZE = 25

# What each status means to the referrer, and what happens next.
STATUS_EXPLANATIONS: dict[str, str] = {
    ReferralStatus.RECEIVED: "The team has the referral and will look at it soon.",
    ReferralStatus.TRIAGED: "The team has looked at the referral and will give it to a link worker.",
    ReferralStatus.ALLOCATED: "A link worker has the referral and will contact the person.",
    ReferralStatus.IN_CONTACT: "A link worker is getting in touch with the person to arrange a first conversation.",
    ReferralStatus.ACCEPTED: "The person is working with a link worker. There is nothing more you need to do.",
    ReferralStatus.DECLINED_BY_PERSON: "The person decided not to take up support for now. "
    "They can be referred again at any time.",
    ReferralStatus.UNABLE_TO_CONTACT: "The team tried but could not reach the person. Check their contact "
    "details and refer them again if they still want support.",
    ReferralStatus.NOT_APPROPRIATE: "The team decided social prescribing is not the right support. "
    "The reason is below.",
    ReferralStatus.WITHDRAWN: "The referral was withdrawn. The reason is below.",
}
STATUS_COLOURS: dict[str, str] = {
    ReferralStatus.RECEIVED: "blue",
    ReferralStatus.TRIAGED: "purple",
    ReferralStatus.ALLOCATED: "aqua-green",
    ReferralStatus.IN_CONTACT: "aqua-green",
    ReferralStatus.ACCEPTED: "green",
    ReferralStatus.DECLINED_BY_PERSON: "grey",
    ReferralStatus.UNABLE_TO_CONTACT: "orange",
    ReferralStatus.NOT_APPROPRIATE: "red",
    ReferralStatus.WITHDRAWN: "grey",
}
# The team writes these reasons for the referrer; other reasons may hold case details, so stay hidden.
REASONS_FOR_REFERRER = frozenset({ReferralStatus.NOT_APPROPRIATE, ReferralStatus.WITHDRAWN})


def _referring_membership(user: User) -> Membership | None:
    """The role the user refers in. A champion role wins, because it changes what the referral is."""
    referring = [
        membership
        for membership in memberships_of(user)
        if Permission.MAKE_REFERRAL in ROLE_DEFINITIONS[Role(membership.role)].permissions
    ]
    champions = [membership for membership in referring if membership.role == Role.CHAMPION]
    chosen = champions or referring
    return chosen[0] if chosen else None


def _referrer_organisation(membership: Membership | None) -> Organisation | None:
    if membership is None:
        return None
    return membership.organisation or (membership.team.scheme if membership.team is not None else None)


def _form_initial(membership: Membership | None) -> dict[str, Any]:
    """A referrer based in a practice most often refers its own patients, and is most often a GP there."""
    organisation = _referrer_organisation(membership)
    if organisation is None or organisation.kind != OrganisationKind.GP_PRACTICE:
        return {}
    return {"gp_practice": str(organisation.pk), "source": ReferralSource.GP.value}


def _consents(form: ReferralForm, *, champion: bool) -> list[ConsentChoice]:
    # Unticked optional boxes record nothing: the referrer may not have asked, which is not a refusal.
    method = ConsentMethod.IN_PERSON if champion else ConsentMethod.BY_REFERRER
    ticked = [
        (ConsentPurpose.SUPPORT, form.cleaned_data["consent_support"]),
        (ConsentPurpose.SHARE_WITH_PROVIDERS, form.cleaned_data["consent_share"]),
        (ConsentPurpose.CONTACT_DIGITAL, form.cleaned_data["consent_digital"]),
    ]
    return [(purpose, ConsentDecision.GIVEN, method) for purpose, given in ticked if given]


@require_http_methods(["GET", "POST"])
@require_permission(Permission.MAKE_REFERRAL)
def referral_create(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    membership = _referring_membership(user)
    champion = membership is not None and membership.role == Role.CHAMPION
    practices = list(Organisation.objects.filter(kind=OrganisationKind.GP_PRACTICE).order_by("name", "pk"))
    form = ReferralForm(
        request.POST if request.method == "POST" else None,
        practices=practices,
        champion=champion,
        initial=_form_initial(membership),
    )
    if request.method == "POST" and form.is_valid():
        organisation = _referrer_organisation(membership)
        source = ReferralSource.CHAMPION if champion else ReferralSource(form.cleaned_data["source"])
        try:
            referral = receive_referral(
                person_details=form.person_details(),
                team=None,
                source=source,
                channel=ReferralChannel.CHAMPION if champion else ReferralChannel.PROFESSIONAL_FORM,
                reasons=form.cleaned_data["reasons"],
                reason_text=form.cleaned_data["reason_text"],
                urgency=form.cleaned_data["urgency"],
                known_risks=form.cleaned_data["known_risks"],
                by=user,
                referrer_name=user.full_name,
                referrer_role=source.label,
                referrer_organisation_name=organisation.name if organisation is not None else "",
                referrer_organisation=organisation,
                referrer_email=user.email,
                consents=_consents(form, champion=champion),
            )
        except ReferralProblem as problem:
            form.show_problems(problem.errors)
        else:
            return redirect("referrals:sent", referral_id=referral.pk)
    return render(
        request,
        "referrals/referrer/referral_form.html",
        {"form": form, "champion": champion},
        status=400 if form.errors else 200,
    )


def _own_referral(user: User, referral_id: uuid.UUID) -> Referral:
    """A referral this user made. Team members reach others through the inbox, not the referrer's pages."""
    referral = get_referral_for_user(user, referral_id)
    if referral.referred_by_id != user.pk:
        raise Http404("No such referral")
    return referral


@require_GET
@require_permission(Permission.MAKE_REFERRAL)
def referral_sent(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral = _own_referral(signed_in_user(request), referral_id)
    return render(request, "referrals/referrer/referral_sent.html", {"referral": referral})


@require_GET
@require_permission(Permission.VIEW_OWN_REFERRALS)
def referral_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = StatusFilterForm(request.GET or None)
    referrals = (
        referrals_for_user(user)
        .filter(referred_by_id=user.pk)
        .select_related("team", "person")
        .order_by("-received_at", "pk")
    )
    if form.is_bound:
        if not form.is_valid():
            referrals = referrals.none()
        elif form.cleaned_data["status"]:
            referrals = referrals.filter(status=form.cleaned_data["status"])
    page = Paginator(referrals, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "referrals/referrer/referral_list.html",
        {"form": form, "page": page, "query": query.urlencode(), "colours": STATUS_COLOURS},
        status=400 if form.errors else 200,
    )


@require_GET
@require_permission(Permission.MAKE_REFERRAL)
def referral_status(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral = _own_referral(signed_in_user(request), referral_id)
    history = [
        (transition, transition.reason if transition.to_status in REASONS_FOR_REFERRER else "")
        for transition in referral.transitions.order_by("at", "pk")
    ]
    return render(
        request,
        "referrals/referrer/referral_status.html",
        {
            "referral": referral,
            "explanation": STATUS_EXPLANATIONS[referral.status],
            "colour": STATUS_COLOURS[referral.status],
            "reason": referral.status_reason if referral.status in REASONS_FOR_REFERRER else "",
            "history": history,
            "ReferralStatus": ReferralStatus,
            "message_back_ready": message_back_is_ready(referral),
        },
    )
