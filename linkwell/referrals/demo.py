"""Demo referrals for the Chelmsford team, so the inbox and My referrals show realistic work.

Every person is fictional; NHS numbers are from the 999 test range and pass Modulus 11. Loaded through
the real intake action, so routing, consent and the transition log are exactly as in use. Idempotent: a
demo person who already has a referral is skipped.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from linkwell.accounts.models import Organisation, User
from linkwell.people.actions import PersonDetails
from linkwell.people.models import ConsentDecision, ConsentMethod, ConsentPurpose, Person
from linkwell.people.nhs_numbers import check_digit
from linkwell.referrals import actions
from linkwell.referrals.models import Referral, ReferralChannel, ReferralSource, Urgency


def demo_nhs_number(serial: int) -> str:
    """The serial-th Modulus-11-valid number in the 999 test range."""
    found = 0
    for candidate in range(999_000_000, 1_000_000_000):
        digit = check_digit(str(candidate))
        if digit is not None:
            found += 1
            if found == serial:
                return f"{candidate}{digit}"
    raise ValueError("no such test number")


@dataclass(frozen=True)
class DemoReferral:
    given_name: str
    family_name: str
    born: date
    postcode: str
    reasons: tuple[str, ...]
    reason_text: str
    urgency: Urgency = Urgency.ROUTINE
    known_risks: str = ""
    by_champion: bool = False
    # How long ago it arrived, so the inbox shows realistic waiting times.
    days_ago: int = 0


REFERRALS = [
    DemoReferral(
        "Margaret",
        "Okonkwo-Hale",
        date(1946, 5, 14),
        "CM1 2QF",
        ("loneliness", "bereavement"),
        "Widowed in March; stopped going to church and rarely leaves the house. Says she would like company.",
        days_ago=11,
    ),
    DemoReferral(
        "Dennis",
        "Marlow",
        date(1958, 11, 2),
        "CM2 7PT",
        ("debt", "low_mood"),
        "Rent arrears after his hours were cut. Worried and not sleeping; open to advice.",
        Urgency.SOON,
        days_ago=6,
    ),
    DemoReferral(
        "Aisha",
        "Rahman",
        date(1989, 2, 27),
        "CM1 6HX",
        ("carer_strain", "stress"),
        "Cares for her mother with dementia while working part time. Would like a break and a carers' group.",
        days_ago=9,
    ),
    DemoReferral(
        "Tomasz",
        "Wojcik",
        date(1972, 8, 9),
        "CM2 0RB",
        ("physical_inactivity", "long_term_condition"),
        "Type 2 diabetes; keen to get more active but anxious about joining a gym.",
        days_ago=14,
    ),
    DemoReferral(
        "Grace",
        "Fenwick",
        date(2004, 4, 3),
        "CM1 4LW",
        ("anxiety", "employment"),
        "Left college last year; anxious in groups and looking for a way into work or volunteering.",
        known_risks="Has mentioned feeling hopeless at times; not currently at risk per GP.",
        days_ago=3,
    ),
    DemoReferral(
        "Bernard",
        "Ashby",
        date(1939, 12, 21),
        "CM2 9JD",
        ("loneliness", "transport"),
        "Gave up driving after a fall. Misses his bowls club; needs help getting out.",
        Urgency.URGENT,
        by_champion=True,
        days_ago=1,
    ),
]


def load_referrals() -> int:
    """Create the demo referrals that are missing; returns how many exist afterwards."""
    practice = Organisation.objects.filter(slug="chelmer-bridge-surgery").first()
    gp = User.objects.filter(email="ada.okafor@example.org").first()
    champion = User.objects.filter(email="sam.patel@example.org").first()
    if practice is None or gp is None or champion is None:
        return 0
    for serial, spec in enumerate(REFERRALS, start=1):
        nhs_number = demo_nhs_number(serial * 7)
        if Person.objects.filter(nhs_number=nhs_number, referrals__isnull=False).exists():
            continue
        referrer = champion if spec.by_champion else gp
        referral = actions.receive_referral(
            person_details=PersonDetails(
                given_name=spec.given_name,
                family_name=spec.family_name,
                date_of_birth=spec.born,
                nhs_number=nhs_number,
                postcode=spec.postcode,
                town="Chelmsford",
                phone="01632 960 555",
                gp_practice=practice,
            ),
            team=None,
            source=ReferralSource.CHAMPION if spec.by_champion else ReferralSource.GP,
            channel=ReferralChannel.CHAMPION if spec.by_champion else ReferralChannel.PROFESSIONAL_FORM,
            reasons=list(spec.reasons),
            reason_text=spec.reason_text,
            urgency=spec.urgency,
            known_risks=spec.known_risks,
            by=referrer,
            referrer_name=referrer.full_name,
            referrer_role="Social prescribing champion" if spec.by_champion else "GP",
            referrer_organisation=None if spec.by_champion else practice,
            consents=[
                (
                    ConsentPurpose.SUPPORT,
                    ConsentDecision.GIVEN,
                    ConsentMethod.IN_PERSON if spec.by_champion else ConsentMethod.BY_REFERRER,
                )
            ],
        )
        arrived = timezone.now() - timedelta(days=spec.days_ago, hours=serial)
        Referral.objects.filter(pk=referral.pk).update(received_at=arrived, status_changed_at=arrived)
        referral.transitions.update(at=arrived)
    return len(REFERRALS)
