"""Which social prescribing team a referral goes to.

The rule, most specific first:
1. a team that covers the person's GP practice itself;
2. else a team that covers the practice's primary care network (the practice's parent);
3. else a team that takes the postcode district (outward code) of the person's postcode.
NHS pseudo-postcodes (ZZ99 3VZ, no fixed abode) have no place, so they never route by postcode; such
referrals need a practice, or a team chosen by the referrer.

When several teams match at the same step, the team set up first (lowest id) wins: it is stable, and does
not change when a team is renamed. Overlapping coverage is a configuration mistake for the scheme to fix.

At most three queries: the practice by ODS code (only when given as a code), the teams covering the
practice or its network, and the teams covering the district.
"""

from linkwell.accounts.models import Organisation, Team, TeamPostcodeDistrict
from linkwell.lib.postcodes import InvalidPostcode, is_pseudo, outward_code


def route(*, practice: Organisation | None = None, practice_ods_code: str = "", postcode: str = "") -> Team | None:
    if practice is None and practice_ods_code.strip():
        practice = Organisation.objects.filter(ods_code=practice_ods_code.strip().upper()).first()
    if practice is not None:
        team = _team_covering(practice)
        if team is not None:
            return team
    return _team_for_postcode(postcode)


def _team_covering(practice: Organisation) -> Team | None:
    places = [practice.pk] if practice.parent_id is None else [practice.pk, practice.parent_id]
    coverage = list(
        Team.covered_organisations.through.objects.filter(organisation_id__in=places)
        .select_related("team")
        .order_by("team_id")
    )
    for place in places:
        for link in coverage:
            if link.organisation_id == place:
                return link.team
    return None


def _team_for_postcode(postcode: str) -> Team | None:
    if not postcode.strip() or is_pseudo(postcode):
        return None
    try:
        district = outward_code(postcode)
    except InvalidPostcode:
        return None
    link = TeamPostcodeDistrict.objects.filter(district=district).select_related("team").order_by("team_id").first()
    return link.team if link is not None else None
