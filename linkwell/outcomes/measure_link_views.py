"""The page behind a link sent to the person to answer a wellbeing measure themselves, under /m/<token>/.

No sign-in: the signed token is the key, so the page shows the questions and the person's first name and
nothing else, and is kept out of caches, referrer headers and search engines. Looking changes nothing but
the audit log; sending the answers (a POST, with the usual CSRF check) records them once."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from linkwell.lib.http import FORM_REFERRER_POLICY, keyed_link_page
from linkwell.outcomes.instruments import InvalidAnswers
from linkwell.outcomes.measure_forms import QuestionsForm
from linkwell.outcomes.measure_links import (
    LinkRefused,
    OpenLink,
    Refusal,
    answer_by_link,
    first_name,
    open_link,
    record_opening,
    record_refusal,
)
from linkwell.outcomes.models import MeasureLink

REFUSALS = {
    Refusal.INVALID: ("This link does not work", 404),
    Refusal.USED: ("You have already answered these questions", 410),
    Refusal.EXPIRED: ("This link has expired", 410),
    Refusal.NOT_NEEDED: ("You do not need to answer these questions now", 410),
}


def _team(link: MeasureLink | None) -> dict[str, str] | None:
    """How to reach the team that sent the link, when the token names one."""
    if link is None:
        return None
    team = link.case.team
    return {"name": team.name, "phone": team.contact_phone, "email": team.contact_email}


def _refused(request: HttpRequest, refused: LinkRefused) -> HttpResponse:
    record_refusal(request, refused)
    heading, status = REFUSALS[refused.refusal]
    return render(
        request,
        "outcomes/measure_link/refused.html",
        {"heading": heading, "refusal": refused.refusal.value, "team": _team(refused.link)},
        status=status,
    )


def _questions(request: HttpRequest, opened: OpenLink, form: QuestionsForm, *, status: int = 200) -> HttpResponse:
    response = render(
        request,
        "outcomes/measure_link/answer.html",
        {
            "first_name": first_name(opened.link.case.person),
            "instrument": opened.instrument,
            "form": form,
            "team": _team(opened.link),
            "has_errors": bool(form.errors),
        },
        status=status,
    )
    response["Referrer-Policy"] = FORM_REFERRER_POLICY
    return response


@keyed_link_page
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, token: str) -> HttpResponse:
    try:
        opened = open_link(token)
    except LinkRefused as refused:
        return _refused(request, refused)
    if request.method == "GET":
        record_opening(request, opened)
        return _questions(request, opened, QuestionsForm(instrument=opened.instrument))
    form = QuestionsForm(request.POST, instrument=opened.instrument)
    if not form.is_valid():
        return _questions(request, opened, form, status=400)
    try:
        answer_by_link(token=token, answers=form.answers)
    except LinkRefused as refused:
        return _refused(request, refused)
    except InvalidAnswers as invalid:
        for item_id, message in invalid.errors.items():
            form.add_error(item_id if item_id in form.fields else None, message)
        return _questions(request, opened, form, status=400)
    # Shown in answer to the POST, not after a redirect: sending again is refused as already answered.
    return render(request, "outcomes/measure_link/done.html", {"team": _team(opened.link)})
