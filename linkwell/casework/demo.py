"""Demo casework for the Chelmsford team, so the caseload, case pages, provider inbox and message back
show realistic work. Everything goes through the real actions (acceptance opens the case, consent is
recorded, onward referrals follow the state machine). Every person is fictional.

- Tomasz Wojcik: an open case with a conversation, a plan, contacts, a follow-up, a referral to the
  Wednesday stroll and stretch (accepted by the demo provider, Tom Reid) and one to debt advice waiting
  for an answer.
- Aisha Rahman: an open case with an overdue follow-up and a referral to the carers' sitting service,
  which keeps a waiting list, so the referral waits on it.
- Dennis Marlow: allocated to Jo Hughes, not yet contacted — the place to start a walk-through.
- Irene Castell: a case already discharged, with its message back to the GP.
Idempotent: a person who already has a case is left alone.
"""

from datetime import date, datetime, timedelta

from django.utils import timezone

from linkwell.accounts.models import Organisation, User
from linkwell.casework.care import NewFollowUp, record_contact, set_follow_up
from linkwell.casework.discharge import discharge_case
from linkwell.casework.models import (
    Case,
    CaseTransition,
    ContactKind,
    DischargeReason,
    FollowUp,
    GoalStatus,
    LifeArea,
    OnwardStatus,
    StepOwner,
)
from linkwell.casework.onward import change_onward_status, send_onward_referral, signpost
from linkwell.casework.plans import NO_PLAN_YET, add_goal, plan_version, record_conversation, update_goal
from linkwell.directory.models import Service
from linkwell.people.actions import PersonDetails, record_consent
from linkwell.people.models import ConsentDecision, ConsentMethod, ConsentPurpose, Person
from linkwell.referrals import actions as referral_actions
from linkwell.referrals.demo import demo_nhs_number
from linkwell.referrals.models import Referral, ReferralChannel, ReferralSource, ReferralStatus

LINK_WORKER = "jo.hughes@example.org"
PROVIDER = "tom.reid@example.org"
GP = "ada.okafor@example.org"


def _service(name: str) -> Service:
    return Service.objects.get(name=name, state="published")


def _at(days_ago: int, hour: int = 10) -> datetime:
    moment = timezone.localtime() - timedelta(days=days_ago)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def _day(days_ago: int) -> date:
    return timezone.localdate() - timedelta(days=days_ago)


def _referral_of(serial: int) -> Referral | None:
    return Referral.objects.filter(person__nhs_number=demo_nhs_number(serial * 7)).select_related("team").first()


def _accept(referral: Referral, worker: User, *, days_ago: int) -> Case:
    """Allocate, make contact and accept: the case opens. Dated `days_ago`, so the caseload shows cases
    open for a realistic time (the actions stamp the present moment)."""
    if referral.status in (ReferralStatus.RECEIVED, ReferralStatus.TRIAGED):
        referral_actions.allocate(referral=referral, to=worker, by=worker)
    if referral.status == ReferralStatus.ALLOCATED:
        referral_actions.change_status(referral=referral, to_status=ReferralStatus.IN_CONTACT, by=worker)
    referral_actions.change_status(referral=referral, to_status=ReferralStatus.ACCEPTED, by=worker)
    opened = _at(days_ago, 9)
    Referral.objects.filter(pk=referral.pk).update(status_changed_at=opened)
    referral.transitions.exclude(to_status=ReferralStatus.RECEIVED).update(at=opened)
    case = Case.objects.select_related("team", "person", "referral").get(referral=referral)
    Case.objects.filter(pk=case.pk).update(opened_at=opened)
    CaseTransition.objects.filter(case=case).update(at=opened)
    case.opened_at = opened
    return case


def _agrees_to_share(person: Person, worker: User) -> None:
    record_consent(
        person=person,
        purpose=ConsentPurpose.SHARE_WITH_PROVIDERS,
        decision=ConsentDecision.GIVEN,
        method=ConsentMethod.IN_PERSON,
        by=worker,
        by_label=f"{worker.full_name} (link worker)",
        note="Agreed at the first meeting",
    )


def _tomasz(referral: Referral, worker: User, provider: User) -> None:
    case = _accept(referral, worker, days_ago=12)
    _agrees_to_share(case.person, worker)
    record_contact(
        case=case,
        at=_at(12),
        kind=ContactKind.PHONE,
        made=True,
        duration_minutes=20,
        note="Introductory call",
        by=worker,
    )
    record_conversation(
        case=case,
        held_on=_day(10),
        what_matters="Feeling fit enough to play with my grandchildren, and getting on top of the bills.",
        strengths="Determined; a supportive daughter nearby; used to play Sunday football.",
        barriers="Nervous about gyms; money is tight since his hours were cut.",
        notes="Met at the surgery. Keen to start walking first.",
        areas=[
            (LifeArea.PHYSICAL_ACTIVITY, True, "Wants to walk with others, at an easy pace to start."),
            (LifeArea.HEALTH_CONDITIONS, False, "Type 2 diabetes, managed by the practice nurse."),
            (LifeArea.MONEY, True, "Behind on the council tax."),
        ],
        by=worker,
    )
    record_contact(
        case=case,
        at=_at(10, 14),
        kind=ContactKind.FACE_TO_FACE,
        made=True,
        duration_minutes=50,
        note="What matters conversation at the surgery",
        by=worker,
    )
    walking = add_goal(
        case=case,
        expected_version=NO_PLAN_YET,
        text="Walk with a group once a week",
        area=LifeArea.PHYSICAL_ACTIVITY,
        target_date=_day(-30),
        steps=[
            ("Go along to the Wednesday stroll and stretch", StepOwner.PERSON, "", _day(-7)),
            ("Refer Tomasz to the walking group", StepOwner.LINK_WORKER, "", _day(9)),
        ],
        by=worker,
    )
    add_goal(
        case=case,
        expected_version=plan_version(case),
        text="Make a plan to pay off the council tax",
        area=LifeArea.MONEY,
        target_date=_day(-21),
        steps=[("Book an appointment with debt advice", StepOwner.TOGETHER, "", _day(-5))],
        by=worker,
    )
    update_goal(
        goal=walking,
        expected_version=plan_version(case),
        progress=3,
        to_status=None,
        note="Has bought walking shoes",
        by=worker,
    )
    stroll = send_onward_referral(
        case=case,
        service=_service("Wednesday stroll and stretch"),
        reason="Wants to get more active with others, at a gentle pace; has type 2 diabetes.",
        by=worker,
    )
    change_onward_status(
        onward=stroll,
        to_status=OnwardStatus.ACCEPTED,
        by=provider,
        note="Lovely – we'll look out for Tomasz on Wednesday at the bandstand.",
    )
    send_onward_referral(
        case=case,
        service=_service("Debt advice"),
        reason="Council tax arrears after his hours were cut; would like help making a plan.",
        by=worker,
    )
    record_contact(
        case=case,
        at=_at(2, 11),
        kind=ContactKind.PHONE,
        made=True,
        duration_minutes=10,
        note="Checked he knows where the bandstand is",
        by=worker,
        follow_up=NewFollowUp(title="Call to ask how the first walk went", due_on=_day(-5), assigned_to=worker),
    )


def _aisha(referral: Referral, worker: User) -> None:
    case = _accept(referral, worker, days_ago=7)
    _agrees_to_share(case.person, worker)
    record_contact(
        case=case, at=_at(7), kind=ContactKind.PHONE, made=False, duration_minutes=None, note="No answer", by=worker
    )
    record_contact(
        case=case,
        at=_at(6, 16),
        kind=ContactKind.VIDEO,
        made=True,
        duration_minutes=40,
        note="Talked through caring and work",
        by=worker,
    )
    record_conversation(
        case=case,
        held_on=_day(6),
        what_matters="A few hours a week to myself without worrying about Mum.",
        strengths="Organised; a good friend at work.",
        barriers="No one else to sit with her mother; evenings only.",
        notes="",
        areas=[(LifeArea.CARING, True, "Cares for her mother with dementia."), (LifeArea.MENTAL_WELLBEING, False, "")],
        by=worker,
    )
    send_onward_referral(
        case=case,
        service=_service("Sitting service"),
        reason="Needs a regular sitter for her mother so she can have a break.",
        by=worker,
    )
    # Set while the date was still ahead; it has since gone by, so the caseload shows it overdue.
    follow_up = set_follow_up(
        case=case, title="Check the sitting service has been in touch", due_on=_day(0), assigned_to=worker, by=worker
    )
    FollowUp.objects.filter(pk=follow_up.pk).update(due_on=_day(2))


def _irene(worker: User, practice: Organisation, gp: User) -> None:
    """A past case, already discharged: the message back is ready."""
    referral = referral_actions.receive_referral(
        person_details=PersonDetails(
            given_name="Irene",
            family_name="Castell",
            date_of_birth=date(1950, 7, 19),
            nhs_number=demo_nhs_number(60),
            postcode="CM1 3EY",
            town="Chelmsford",
            phone="01632 960 777",
            gp_practice=practice,
        ),
        team=None,
        source=ReferralSource.GP,
        channel=ReferralChannel.PROFESSIONAL_FORM,
        reasons=["loneliness", "bereavement"],
        reason_text="Lost her sister last year and has become withdrawn. Enjoyed painting when younger.",
        by=gp,
        referrer_name=gp.full_name,
        referrer_role="GP",
        referrer_organisation=practice,
        consents=[(ConsentPurpose.SUPPORT, ConsentDecision.GIVEN, ConsentMethod.BY_REFERRER)],
    )
    case = _accept(referral, worker, days_ago=0)
    record_conversation(
        case=case,
        held_on=timezone.localdate(),
        what_matters="Having something to look forward to each week, and people to talk to about my sister.",
        strengths="Creative; walks to the shops every day.",
        barriers="Low confidence meeting new people.",
        notes="",
        areas=[(LifeArea.SOCIAL_CONNECTION, True, ""), (LifeArea.CREATIVITY_AND_INTERESTS, True, "Painting")],
        by=worker,
    )
    goal = add_goal(
        case=case,
        expected_version=NO_PLAN_YET,
        text="Go to a craft group and make a friend there",
        area=LifeArea.CREATIVITY_AND_INTERESTS,
        target_date=None,
        steps=[],
        by=worker,
    )
    signpost(case=case, service=_service("Knit and natter"), note="Her neighbour goes and will take her.", by=worker)
    record_contact(
        case=case, at=timezone.now(), kind=ContactKind.HOME_VISIT, made=True, duration_minutes=60, note="", by=worker
    )
    update_goal(
        goal=goal,
        expected_version=plan_version(case),
        progress=9,
        to_status=GoalStatus.ACHIEVED,
        note="Goes every week with her neighbour",
        by=worker,
    )
    discharge_case(
        case=case,
        reason=DischargeReason.GOALS_MET,
        summary="Irene goes to knit and natter at the library every week with her neighbour, and says she "
        "feels less alone. She knows she can come back to us.",
        by=worker,
    )


def load_casework() -> int:
    """Create the demo cases that are missing; returns how many demo cases exist afterwards."""
    worker = User.objects.filter(email=LINK_WORKER).first()
    provider = User.objects.filter(email=PROVIDER).first()
    gp = User.objects.filter(email=GP).first()
    practice = Organisation.objects.filter(slug="chelmer-bridge-surgery").first()
    if worker is None or provider is None or gp is None or practice is None:
        return 0
    tomasz, aisha, dennis = _referral_of(4), _referral_of(3), _referral_of(2)
    if tomasz is not None and not Case.objects.filter(referral=tomasz).exists():
        _tomasz(tomasz, worker, provider)
    if aisha is not None and not Case.objects.filter(referral=aisha).exists():
        _aisha(aisha, worker)
    if dennis is not None and dennis.status in (ReferralStatus.RECEIVED, ReferralStatus.TRIAGED):
        referral_actions.allocate(referral=dennis, to=worker, by=worker)
    if not Person.objects.filter(nhs_number=demo_nhs_number(60)).exists():
        _irene(worker, practice, gp)
    return Case.objects.filter(link_worker=worker).count()
