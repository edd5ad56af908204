"""Self-referral for members of the public: no account, one question per page, answers held in the session
until the person sends them from the check page. Parse input, call receive_referral, render."""

from datetime import timedelta
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from linkwell.audit.actions import AuditAction
from linkwell.audit.models import AuditEvent
from linkwell.lib.http import client_ip
from linkwell.people.actions import PersonDetails
from linkwell.people.models import ConsentDecision, ConsentMethod, ConsentPurpose
from linkwell.referrals import public_journey as journey
from linkwell.referrals.actions import NO_TEAM_FOUND, ConsentChoice, ReferralProblem, receive_referral
from linkwell.referrals.models import ReferralChannel, ReferralSource
from linkwell.referrals.needs import Need
from linkwell.referrals.public_forms import CONTACT_METHODS, STEP_FORMS, PracticeForm, PublicStepForm, SubmitForm
from linkwell.referrals.references import new_reference

# A person refers themselves once; a few more covers a shared connection (a library, a family home).
RATE_LIMIT = 5
RATE_WINDOW = timedelta(hours=1)
# Marks the extra audit event that carries the sender's address, which receive_referral does not record.

# Where each of receive_referral's problems is fixed: (step, field on that step's form).
PROBLEM_PLACES: dict[str, tuple[str, str]] = {
    "person.given_name": ("name", "given_name"),
    "person.family_name": ("name", "family_name"),
    "person.date_of_birth": ("date-of-birth", "date_of_birth"),
    "person.gp_practice": ("gp-practice", "gp_practice"),
    "person.postcode": ("postcode", "postcode"),
    "person.phone": ("contact", "phone"),
    "person.email": ("contact", "email"),
    "person.preferred_contact_method": ("contact", "preferred_contact_method"),
    "person.interpreter_language": ("communication", "interpreter_language"),
    "person.accessible_formats": ("communication", "accessible_formats"),
    "reasons": ("help", "reasons"),
    "reason_text": ("help", "reason_text"),
    "consents": ("consent", "consent_support"),
}


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    return render(request, "referrals/public/start.html", {"first_step": journey.STEP_SLUGS[0]})


def _step_url(step: str, *, change: bool = False) -> str:
    url = reverse("public_referral:step", kwargs={"step": step})
    return f"{url}?change=1" if change else url


def _form_for(step: str, data: Any, current: dict[str, Any]) -> PublicStepForm:
    form_class = STEP_FORMS[step]
    initial = form_class.initial_from(current)
    if form_class is PracticeForm:
        return PracticeForm(data, practices=journey.practices(), initial=initial)
    return form_class(data, initial=initial)


@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, step: str) -> HttpResponse:
    if step not in STEP_FORMS:
        raise Http404("No such question")
    current = journey.answers(request.session)
    # Questions are answered in order; a link straight into the middle goes to the first one still open.
    unanswered = journey.first_unanswered(current)
    order = journey.steps_for(current)
    if step not in order or (unanswered is not None and order.index(step) > order.index(unanswered)):
        return redirect(_step_url(unanswered or "name"))
    changing = request.GET.get("change") == "1"
    if request.method == "POST":
        form = _form_for(step, request.POST, current)
        if form.is_valid():
            journey.save_step(request.session, step, form.answers())
            current = journey.answers(request.session)
            following = journey.first_unanswered(current)
            if following is None and changing:
                return redirect("public_referral:check")
            following = following if changing else journey.next_step(current, step)
            if following is None:
                return redirect("public_referral:check")
            return redirect(_step_url(following, change=changing))
    else:
        form = _form_for(step, None, current)
        problems = journey.problems_for(request.session, step)
        if problems:
            # add_error expects a cleaned form; an unbound form shows the stored answers, with nothing cleaned.
            form.cleaned_data = {}
        for field, message in problems:
            form.add_error(field if field in form.fields else None, message)
    previous = journey.previous_step(current, step)
    back = (
        reverse("public_referral:check")
        if changing
        else (_step_url(previous) if previous else reverse("public_referral:start"))
    )
    return render(
        request,
        f"referrals/public/step_{step.replace('-', '_')}.html",
        {"form": form, "back": back, "action": _step_url(step, change=changing), "has_errors": bool(form.errors)},
        status=400 if request.method == "POST" and form.errors else 200,
    )


def _summary(current: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(question, answer, change link) for the check page. Text is escaped by the template."""
    practice = journey.practice_from(current)
    born = journey.date_of_birth(current)
    needs = [Need(code).label for code in current.get("reasons", []) if code in Need.values]
    methods = dict(CONTACT_METHODS)
    rows = [
        ("Name", f"{current.get('given_name', '')} {current.get('family_name', '')}", "name"),
        ("Date of birth", f"{born.day} {born:%B %Y}" if born else "", "date-of-birth"),
        ("GP practice", practice.name if practice else "I don't know or it is not listed", "gp-practice"),
    ]
    if journey.needs_postcode(current):
        rows.append(("Postcode", current.get("postcode", ""), "postcode"))
    rows += [
        ("Phone number", current.get("phone") or "Not given", "contact"),
        ("Email address", current.get("email") or "Not given", "contact"),
        ("How to contact you", methods.get(current.get("preferred_contact_method", ""), ""), "contact"),
        ("Leave a message", "Yes" if current.get("may_leave_message") == "yes" else "No", "contact"),
        ("Help with", ", ".join(needs) or "Not chosen", "help"),
        ("More about what you would like", current.get("reason_text") or "Not given", "help"),
        (
            "Interpreter",
            f"Yes, {current.get('interpreter_language', '')}" if current.get("needs_interpreter") == "yes" else "No",
            "communication",
        ),
        ("Anything else to help us talk to you", current.get("accessible_formats") or "Not given", "communication"),
        ("Share with community groups", "Yes" if current.get("consent_share") else "No", "consent"),
        ("Contact by text or email", "Yes" if current.get("consent_digital") else "No", "consent"),
    ]
    return [(question, answer, _step_url(slug, change=True)) for question, answer, slug in rows]


def _person_details(current: dict[str, Any]) -> PersonDetails:
    return PersonDetails(
        given_name=current.get("given_name", ""),
        family_name=current.get("family_name", ""),
        date_of_birth=journey.date_of_birth(current),
        postcode=current.get("postcode", "") if journey.needs_postcode(current) else "",
        phone=current.get("phone", ""),
        email=current.get("email", ""),
        preferred_contact_method=current.get("preferred_contact_method", ""),
        may_leave_message=current.get("may_leave_message") == "yes",
        needs_interpreter=current.get("needs_interpreter") == "yes",
        interpreter_language=current.get("interpreter_language", ""),
        accessible_formats=current.get("accessible_formats", ""),
        gp_practice=journey.practice_from(current),
    )


def _consents(current: dict[str, Any]) -> list[ConsentChoice]:
    # Unticked optional boxes record nothing: not ticking a box online is not a considered refusal.
    ticked = [
        (ConsentPurpose.SUPPORT, current.get("consent_support")),
        (ConsentPurpose.SHARE_WITH_PROVIDERS, current.get("consent_share")),
        (ConsentPurpose.CONTACT_DIGITAL, current.get("consent_digital")),
    ]
    return [(purpose, ConsentDecision.GIVEN, ConsentMethod.ONLINE_FORM) for purpose, given in ticked if given]


def _too_many(ip: str | None) -> bool:
    # Counted in the audit log, not a cache, so every process serving requests sees the same count. The
    # (action, at) index narrows to the last hour's referrals before the address is compared.
    if ip is None:
        return False
    since = timezone.now() - RATE_WINDOW
    recent = AuditEvent.objects.filter(action=AuditAction.REFERRAL_RECEIVED, at__gte=since)
    return recent.filter(ip=ip, detail__channel=ReferralChannel.PUBLIC_FORM.value).count() >= RATE_LIMIT


def _show_problems(request: HttpRequest, current: dict[str, Any], errors: dict[str, str]) -> HttpResponse:
    if set(errors) == {"team"}:
        return render(
            request,
            "referrals/public/no_team.html",
            {"message": NO_TEAM_FOUND, "practice_url": _step_url("gp-practice", change=True)},
        )
    problems: dict[str, list[tuple[str, str]]] = {}
    for key, message in errors.items():
        if key == "team":
            place = ("postcode", "postcode") if journey.needs_postcode(current) else ("gp-practice", "gp_practice")
        else:
            place = PROBLEM_PLACES.get(key, ("name", ""))
        problems.setdefault(place[0], []).append((place[1], message))
    journey.set_problems(request.session, problems)
    first = journey.first_with_problem(journey.answers(request.session)) or "name"
    return redirect(_step_url(first, change=True))


@require_http_methods(["GET", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    current = journey.answers(request.session)
    unanswered = journey.first_unanswered(current)
    if unanswered is not None:
        return redirect(_step_url(unanswered))
    form = SubmitForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["website"]:
            # A bot: it sees what a person would, so learns nothing, and nothing is saved.
            journey.clear(request.session)
            request.session[journey.SENT_KEY] = {"reference": new_reference(), "team": ""}
            return redirect("public_referral:sent")
        ip = client_ip(request)
        if _too_many(ip):
            return render(request, "referrals/public/too_many.html", status=429)
        try:
            referral = receive_referral(
                person_details=_person_details(current),
                team=None,
                source=ReferralSource.SELF,
                channel=ReferralChannel.PUBLIC_FORM,
                reasons=current.get("reasons", []),
                reason_text=current.get("reason_text", ""),
                by=None,
                referrer_name="Self-referral",
                consents=_consents(current),
                request=request,
            )
        except ReferralProblem as problem:
            return _show_problems(request, current, problem.errors)
        # Cleared at once, so going back and sending again cannot make a second referral.
        journey.clear(request.session)
        request.session[journey.SENT_KEY] = {"reference": referral.reference, "team": referral.team.name}
        return redirect("public_referral:sent")
    return render(
        request,
        "referrals/public/check.html",
        {"rows": _summary(current), "form": form, "back": _step_url(journey.steps_for(current)[-1])},
    )


@require_GET
def sent(request: HttpRequest) -> HttpResponse:
    shown = request.session.get(journey.SENT_KEY)
    if not isinstance(shown, dict):
        return redirect("public_referral:start")
    return render(request, "referrals/public/sent.html", {"reference": shown["reference"], "team": shown["team"]})
