"""The pages behind single-purpose links emailed to providers without accounts, under /r/<token>/.

No sign-in: the signed token is the key, so these pages show one referral's minimum details and nothing
else, and are kept out of caches, referrer headers and search engines. Looking never changes anything; the
one button (a POST, with the usual CSRF check) makes the link's one move, once."""

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from linkwell.audit.actions import AuditAction
from linkwell.audit.log import record
from linkwell.casework.link_actions import LinkRefused, Refusal, open_link, record_refusal, use_link
from linkwell.casework.models import LinkPurpose, OnwardStatus, ProviderLink
from linkwell.casework.onward import OnwardProblem
from linkwell.casework.provider_forms import DeclineForm
from linkwell.lib.http import FORM_REFERRER_POLICY, keyed_link_page


@dataclass(frozen=True)
class _Wording:
    heading: str
    button: str
    done: str


WORDING = {
    LinkPurpose.ACCEPT: _Wording("Accept this referral?", "Accept referral", "Referral accepted"),
    LinkPurpose.DECLINE: _Wording("Decline this referral?", "Decline referral", "Referral declined"),
    LinkPurpose.ATTENDED: _Wording("Did they come along?", "Confirm they came", "Thank you for confirming"),
}
REFUSALS = {
    Refusal.INVALID: ("This link is not valid", 404),
    Refusal.USED: ("This link has already been used", 410),
    Refusal.EXPIRED: ("This link has expired", 410),
    Refusal.MOVED_ON: ("The referral has moved on", 409),
}


def _first_name(name: str) -> str:
    return name.split()[0] if name.split() else ""


def _about(link: ProviderLink) -> dict[str, Any]:
    """What every page about a known link may say: the service, the reference and the team to contact."""
    onward = link.onward_referral
    team = onward.case.team
    return {
        "service_name": onward.service.name,
        "reference": onward.case.referral.reference,
        "team": {"name": team.name, "phone": team.contact_phone, "email": team.contact_email},
    }


def _refused(request: HttpRequest, refused: LinkRefused) -> HttpResponse:
    record_refusal(request, refused)
    heading, status = REFUSALS[refused.refusal]
    context: dict[str, Any] = {"heading": heading, "refusal": refused.refusal.value}
    if refused.link is not None:
        context |= _about(refused.link)
        context["status_label"] = OnwardStatus(refused.link.onward_referral.status).label.lower()
    return render(request, "casework/provider_link/refused.html", context, status=status)


def _landing(
    request: HttpRequest, link: ProviderLink, form: DeclineForm | None, *, problem: str = "", status: int = 200
) -> HttpResponse:
    onward = link.onward_referral
    # Opening the link shows the person's shared details, so it is audited like a provider's reading.
    record(
        by=request.user,
        action=AuditAction.ONWARD_REFERRAL_VIEWED,
        obj=onward,
        person_id=str(onward.case.person_id),
        request=request,
        detail={"via": "emailed link", "purpose": link.purpose},
    )
    purpose = LinkPurpose(link.purpose)
    wording = WORDING[purpose]
    details = onward.shared_details
    response = render(
        request,
        "casework/provider_link/landing.html",
        {
            **_about(link),
            "heading": wording.heading,
            "button": wording.button,
            "details": details,
            "first_name": _first_name(details.get("name", "")),
            "answer_by": onward.respond_by if purpose != LinkPurpose.ATTENDED else None,
            "form": form,
            "problem": problem,
        },
        status=status,
    )
    response["Referrer-Policy"] = FORM_REFERRER_POLICY
    return response


def _done(request: HttpRequest, link: ProviderLink) -> HttpResponse:
    purpose = LinkPurpose(link.purpose)
    details = link.onward_referral.shared_details
    return render(
        request,
        "casework/provider_link/done.html",
        {
            **_about(link),
            "heading": WORDING[purpose].done,
            "first_name": _first_name(details.get("name", "")),
            # Once accepted, the provider's next step is to contact the person: this page is the last they see.
            "contact": details if purpose == LinkPurpose.ACCEPT else None,
        },
    )


@keyed_link_page
@require_http_methods(["GET", "POST"])
def landing(request: HttpRequest, token: str) -> HttpResponse:
    try:
        link = open_link(token)
    except LinkRefused as refused:
        return _refused(request, refused)
    is_decline = link.purpose == LinkPurpose.DECLINE
    if request.method == "GET":
        return _landing(request, link, DeclineForm() if is_decline else None)
    form = DeclineForm(request.POST) if is_decline else None
    if form is not None and not form.is_valid():
        return _landing(request, link, form, status=400)
    try:
        used = use_link(
            token=token,
            decline_reason=form.cleaned_data["reason"] if form is not None else "",
            note=form.cleaned_data["note"] if form is not None else "",
        )
    except LinkRefused as refused:
        return _refused(request, refused)
    except OnwardProblem as problem:
        return _landing(request, link, form, problem=str(problem), status=400)
    # Shown in answer to the POST, not after a redirect: reloading asks to send again, and is refused as used.
    return _done(request, used)
