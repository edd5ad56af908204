""" "Find your social prescribing service": a member of the public gives a postcode or their GP practice and
sees the team that serves them, found by the same routing as their referral would be. A search, so GET with
query parameters: nothing changes, and the answer can be bookmarked or linked to."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from linkwell.referrals.find_service_forms import FindServiceForm
from linkwell.referrals.public_journey import practices
from linkwell.referrals.routing import route


def _tel_href(phone: str) -> str:
    # Phones dial digits (and a leading +); the spaces that make the number readable stay in the link text.
    return "tel:" + "".join(character for character in phone if character.isdigit() or character == "+")


@require_GET
def find(request: HttpRequest) -> HttpResponse:
    all_practices = practices()
    searched = "postcode" in request.GET or "practice" in request.GET
    form = FindServiceForm(request.GET if searched else None, practices=all_practices)
    context: dict[str, object] = {
        "form": form,
        "has_errors": bool(form.errors),
        "has_practices": bool(all_practices),
        "searched_for": "",
        "team": None,
    }
    if form.is_bound and form.is_valid():
        practice = form.chosen_practice()
        postcode = form.cleaned_data["postcode"]
        routed = route(practice=practice, postcode=postcode)
        # The forms send one or the other; a hand-made link with both is answered for both, as route() does.
        context["searched_for"] = ", ".join(place for place in (practice.name if practice else "", postcode) if place)
        if routed is not None:
            team = routed.team
            context.update(
                team=team,
                scheme=team.scheme,
                phone_href=_tel_href(team.contact_phone) if team.contact_phone else "",
            )
    return render(request, "referrals/find_service/find.html", context, status=400 if form.errors else 200)
