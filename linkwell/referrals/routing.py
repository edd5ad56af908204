"""Which social prescribing team a referral goes to.

The rule, most specific first:
1. a team that covers the person's GP practice itself;
2. else a team that covers the practice's primary care network (the practice's parent);
3. else a team that takes the postcode district (outward code) of the person's postcode.
NHS pseudo-postcodes (ZZ99 3VZ, no fixed abode) have no place, so they never route by postcode; such
referrals need a practice, or a team chosen by the referrer.

When several teams match at the same step, the team set up first (lowest id) wins: it is stable, and does
not change when a team is renamed. Overlapping coverage is a configuration mistake for the scheme to fix.

One query, whichever steps it takes: routing is on the path of every referral, FHIR intake included
(docs/adr/0011-intake-throughput.md).
"""

# The SQL is built from table and column names in model metadata; every value is a parameter.
# ruff: noqa: S608

from dataclasses import dataclass
from functools import cache

from linkwell.accounts.models import Organisation, Team, TeamPostcodeDistrict
from linkwell.lib import rows
from linkwell.lib.postcodes import InvalidPostcode, is_pseudo, outward_code


@dataclass(frozen=True)
class Routed:
    team: Team
    # The GP practice asked about (given, or found by its ODS code), whether or not it decided the team.
    practice: Organisation | None


def route(*, practice: Organisation | None = None, practice_ods_code: str = "", postcode: str = "") -> Routed | None:
    ods_code = practice_ods_code.strip().upper()
    district = _district(postcode)
    if practice is None and not ods_code and district is None:
        return None
    key: str | int | None
    if practice is None and ods_code:
        by_practice, key = "ods_code = %s", ods_code
    else:
        # With neither a practice nor a code, "id = NULL" finds no practice, so only the postcode can route.
        by_practice, key = "id = %s", practice.pk if practice is not None else None
    with rows.statements() as cursor:
        cursor.execute(_route_sql(by_practice), [key, district])
        found = cursor.fetchone()
    if found is None:
        return None
    team_width = rows.width(Team)
    team = rows.instance_of(Team, found[:team_width])
    assert team is not None  # the team is inner-joined
    return Routed(team=team, practice=practice or rows.instance_of(Organisation, found[team_width:]))


def _district(postcode: str) -> str | None:
    if not postcode.strip() or is_pseudo(postcode):
        return None
    try:
        return outward_code(postcode)
    except InvalidPostcode:
        return None


@cache
def _route_sql(by_practice: str) -> str:
    covered = Team.covered_organisations.through
    return f"""
        WITH practice AS (
            SELECT * FROM {rows.table(Organisation)} WHERE {by_practice}
        ), candidates AS (
            SELECT coverage.team_id,
                CASE WHEN coverage.organisation_id = practice.id THEN 1 ELSE 2 END AS step
            FROM practice JOIN {rows.table(covered)} coverage
                ON coverage.organisation_id = practice.id OR coverage.organisation_id = practice.parent_id
            UNION ALL
            SELECT team_id, 3 FROM {rows.table(TeamPostcodeDistrict)} WHERE district = %s
        )
        SELECT {rows.columns(Team, "t")}, {rows.columns(Organisation, "p")}
        FROM candidates c
        JOIN {rows.table(Team)} t ON t.id = c.team_id
        LEFT JOIN practice p ON 1 = 1
        ORDER BY c.step, t.id
        LIMIT 1
    """
