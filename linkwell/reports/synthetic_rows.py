"""The synthetic records themselves: one person at a time, every referral, case, contact, plan, discharge,
onward referral, measure and usage record they would leave, as rows of text for synthetic_writer.

The shapes follow what schemes report (the seeds' 5,461 referred → 5,251 supported → 2,552 substantive):
about 96% of referrals reach the person, about half of those become substantive (a plan agreed or three
contacts), most cases close within months with a recorded reason, and a share of people answer wellbeing
measures and give healthcare-use counts at the start and again later, with a modest average improvement.
Nothing happens after `now`: a referral whose next step would fall in the future stays where it is.

Times are whole minutes from the start of the window, formatted once per day."""

import datetime as dt
import itertools
import json
import math
import os
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from linkwell.reports.synthetic_names import FAMILY_NAMES, FEMALE_NAMES, MALE_NAMES
from linkwell.reports.synthetic_world import World, WorldTeam
from linkwell.reports.synthetic_writer import Row

MINUTES_PER_DAY = 24 * 60
MIN_DAYS_BETWEEN_REFERRALS = 30
# Deadlines (an onward referral's respond-by) may lie a little in the future.
FUTURE_DAYS = 60
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
REFERENCE_SPACE = len(REFERENCE_ALPHABET) ** 8
# Coprime with 31**8, so index → (index * STEP + OFFSET) mod 31**8 visits every reference once.
REFERENCE_STEP = 618_033_989
REFERENCE_OFFSET = 123_456_789

PERSON_COLUMNS = (
    "id", "given_name", "family_name", "date_of_birth", "nhs_number", "stated_gender", "ethnic_category",
    "town", "postcode", "gp_practice_id", "created_at", "updated_at",
)  # fmt: skip
CONSENT_COLUMNS = (
    "id", "person_id", "purpose", "decision", "method", "decided_at", "recorded_by_id", "recorded_by_label", "note",
)  # fmt: skip
REFERRAL_COLUMNS = (
    "id", "reference", "person_id", "team_id", "source", "channel", "referrer_organisation_id", "reasons",
    "urgency", "status", "status_reason", "allocated_to_id", "received_at", "status_changed_at",
)  # fmt: skip
CASE_COLUMNS = (
    "id", "referral_id", "person_id", "team_id", "scheme_id", "link_worker_id", "status", "opened_at", "closed_at",
)  # fmt: skip
CONTACT_COLUMNS = ("id", "case_id", "at", "kind", "made", "duration_minutes", "recorded_at", "recorded_by_id")
PLAN_COLUMNS = ("case_id", "agreed_on", "updated_at", "updated_by_id")
DISCHARGE_COLUMNS = ("case_id", "reason", "summary", "at", "by_id")
ONWARD_COLUMNS = (
    "id", "case_id", "service_id", "status", "reason", "sent_at", "sent_by_id", "respond_by", "first_response_at",
    "status_changed_at", "decline_reason",
)  # fmt: skip
MEASURE_COLUMNS = (
    "id", "case_id", "instrument", "version", "timepoint", "completed_on", "mode", "answers", "scores",
    "recorded_at", "recorded_by_id",
)  # fmt: skip
USAGE_COLUMNS = (
    "id", "person_id", "case_id", "timepoint", "period_end", "source", "gp_appointments", "prescriptions",
    "ae_attendances", "outpatient_appointments", "social_care_contacts", "recorded_at", "recorded_by_id",
    "import_label",
)  # fmt: skip
UNMET_COLUMNS = ("id", "case_id", "need", "reason", "postcode_district", "recorded_on", "recorded_at", "recorded_by_id")

SOURCES = {
    "gp": 44, "practice_nurse": 8, "other_clinician": 10, "social_worker": 6, "pharmacist": 3, "champion": 5,
    "self": 16, "other_agency": 8,
}  # fmt: skip
PRACTICE_SOURCES = frozenset({"gp", "practice_nurse", "pharmacist"})
# Needs that tend to come together; a referral's first reason picks its group, the others mostly follow.
NEED_GROUPS = (
    (24, ("loneliness", "social_isolation", "bereavement", "transport", "digital_exclusion")),
    (22, ("low_mood", "anxiety", "stress", "bereavement")),
    (16, ("debt", "benefits", "housing", "food_insecurity", "homelessness")),
    (14, ("physical_inactivity", "weight", "long_term_condition", "chronic_pain")),
    (6, ("carer_strain", "stress", "loneliness")),
    (6, ("employment", "education_and_skills", "digital_exclusion", "language_barriers")),
    (4, ("alcohol", "drugs", "gambling", "smoking", "debt")),
    (4, ("domestic_abuse", "housing", "anxiety")),
    (4, ("other",)),
)
# Referrals by calendar month (January busiest, August quietest).
SEASON = (1.18, 1.10, 1.08, 1.00, 0.98, 0.95, 0.90, 0.80, 1.02, 1.08, 1.05, 0.86)
GENDERS = {"2": 58, "1": 40, "9": 0.5, "X": 1.5}
ETHNICITIES = {
    "A": 74, "B": 1, "C": 6, "D": 0.8, "E": 0.5, "F": 0.6, "G": 0.6, "H": 2.5, "J": 1.6, "K": 0.7, "L": 1.5,
    "M": 1.0, "N": 2.0, "P": 0.4, "R": 0.6, "S": 1.0, "Z": 2.0, "99": 2.0, "": 1.2,
}  # fmt: skip
# Age at referral: (lowest, highest, weight).
AGE_BANDS = (
    (18, 24, 8),
    (25, 34, 11),
    (35, 44, 12),
    (45, 54, 14),
    (55, 64, 16),
    (65, 74, 17),
    (75, 84, 15),
    (85, 98, 7),
)
NOT_REACHED = {"unable_to_contact": 45, "declined_by_person": 30, "not_appropriate": 15, "withdrawn": 10}
STATUS_REASONS = {
    "not_appropriate": "Needs better met by another service (synthetic)",
    "withdrawn": "Referrer withdrew the referral (synthetic)",
}
CONTACT_KINDS = {"phone": 45, "face_to_face": 30, "home_visit": 8, "video": 5, "group": 4, "text": 5, "email": 3}
WRITTEN_KINDS = frozenset({"text", "email"})
DISCHARGE_BRIEF = {"disengaged": 40, "declined_further": 30, "goals_met": 15, "moved_away": 5, "other": 10}
DISCHARGE_FULL = {
    "goals_met": 60, "statutory_service": 10, "disengaged": 12, "moved_away": 5, "declined_further": 5, "died": 1,
    "other": 7,
}  # fmt: skip
SUPERSEDED = "Replaced by a later referral (synthetic)"
DISCHARGE_SUMMARY = "Synthetic record: support ended."
DECLINE_REASONS = {"full": 30, "not_eligible": 25, "out_of_area": 10, "cannot_contact": 25, "other": 10}
UNMET_REASONS = {"none_exists": 30, "full": 25, "too_far": 15, "cost": 10, "access": 10, "timing": 10}
DIRECT_LONELINESS = ("often_always", "some_of_the_time", "occasionally", "hardly_ever", "never")
USAGE_MEANS = (  # (baseline mean over 6 months, follow-up as a share of baseline)
    ("gp_appointments", 6.0, 0.72),
    ("prescriptions", 9.0, 0.88),
    ("ae_attendances", 0.6, 0.80),
    ("outpatient_appointments", 1.5, 0.85),
    ("social_care_contacts", 1.2, 0.85),
)
SYNTHETIC_IMPORT_LABEL = "synthetic data generator"


def _weighted(options: Mapping[str, float]) -> tuple[list[str], list[float]]:
    keys = list(options)
    total = 0.0
    cumulative = []
    for key in keys:
        total += options[key]
        cumulative.append(total)
    return keys, cumulative


@dataclass
class Batch:
    people: list[Row] = field(default_factory=list)
    consents: list[Row] = field(default_factory=list)
    referrals: list[Row] = field(default_factory=list)
    cases: list[Row] = field(default_factory=list)
    contacts: list[Row] = field(default_factory=list)
    plans: list[Row] = field(default_factory=list)
    discharges: list[Row] = field(default_factory=list)
    onward: list[Row] = field(default_factory=list)
    measures: list[Row] = field(default_factory=list)
    usage: list[Row] = field(default_factory=list)
    unmet: list[Row] = field(default_factory=list)


@dataclass(frozen=True)
class Options:
    # Every referral reaches a final status and no case is left open under anyone but a synthetic worker
    # (which every generated case is); with this off, recent referrals may still be waiting in an inbox.
    settled: bool = False


class RowMaker:
    def __init__(
        self,
        *,
        rng: random.Random,
        world: World,
        start: dt.datetime,
        now: dt.datetime,
        reference_start: int,
        nhs_numbers: list[str],
        score: Callable[[str, dict[str, object]], dict[str, object]],
        options: Options,
    ) -> None:
        self.rng = rng
        # Ids come from their own, unseeded generator: a second run with the same seed makes the same
        # kind of data, never the same primary keys.
        self.id_rng = random.Random(os.urandom(16))  # noqa: S311 - unique, not secret
        self.world = world
        self.origin = dt.datetime(start.year, start.month, start.day, tzinfo=dt.UTC)
        self.now_minute = int((now - self.origin).total_seconds() // 60)
        self.days = [
            (self.origin.date() + dt.timedelta(days=day)).isoformat()
            for day in range(self.now_minute // MINUTES_PER_DAY + FUTURE_DAYS)
        ]
        self.reference_index = reference_start
        self.nhs_numbers = nhs_numbers
        self.score = score
        self.score_cache: dict[tuple[str, str], str] = {}
        self.options = options
        self.day_weights = self._day_weights()
        self.sources = _weighted(SOURCES)
        self.genders = _weighted(GENDERS)
        self.ethnicities = _weighted(ETHNICITIES)
        self.not_reached = _weighted(NOT_REACHED)
        self.contact_kinds = _weighted(CONTACT_KINDS)
        self.discharge_brief = _weighted(DISCHARGE_BRIEF)
        self.discharge_full = _weighted(DISCHARGE_FULL)
        self.decline_reasons = _weighted(DECLINE_REASONS)
        self.unmet_reasons = _weighted(UNMET_REASONS)
        self.need_groups = _weighted({str(index): weight for index, (weight, _) in enumerate(NEED_GROUPS)})
        self.age_bands = _weighted({str(index): weight for index, (_, _, weight) in enumerate(AGE_BANDS)})

    # --- helpers ------------------------------------------------------------------------------------
    def _pick(self, weighted: tuple[list[str], list[float]]) -> str:
        keys, cumulative = weighted
        return self.rng.choices(keys, cum_weights=cumulative)[0]

    def _day_weights(self) -> tuple[list[int], list[float]]:
        """Each day of the window, weighted by season, a gentle growth over the years and the working week."""
        total_days = self.now_minute // MINUTES_PER_DAY + 1
        cumulative, running = [], 0.0
        for day in range(total_days):
            date = self.origin.date() + dt.timedelta(days=day)
            weekday = 0.15 if date.weekday() >= 5 else 1.0
            running += SEASON[date.month - 1] * (1 + 0.3 * day / max(total_days, 1)) * weekday
            cumulative.append(running)
        return list(range(total_days)), cumulative

    def at(self, minute: int) -> str:
        day, rest = divmod(minute, MINUTES_PER_DAY)
        return f"{self.days[day]} {rest // 60:02d}:{rest % 60:02d}:00"

    def on(self, minute: int) -> str:
        return self.days[minute // MINUTES_PER_DAY]

    def _uuid(self) -> str:
        return f"{self.id_rng.getrandbits(128):032x}"

    def _reference(self) -> str:
        value = (self.reference_index * REFERENCE_STEP + REFERENCE_OFFSET) % REFERENCE_SPACE
        self.reference_index += 1
        letters = []
        for _ in range(8):
            value, digit = divmod(value, len(REFERENCE_ALPHABET))
            letters.append(REFERENCE_ALPHABET[digit])
        return f"LW-{''.join(letters[:4])}-{''.join(letters[4:])}"

    def _working_minute(self, day: int) -> int:
        return day * MINUTES_PER_DAY + self.rng.randint(8 * 60, 17 * 60 + 30)

    def _days_later(self, minute: int, low: float, high: float) -> int:
        """A working-hours moment between `low` and `high` days after `minute`."""
        day = minute // MINUTES_PER_DAY + max(0, round(self.rng.uniform(low, high)))
        return max(minute + 1, self._working_minute(day))

    def _reasons(self) -> list[str]:
        group = NEED_GROUPS[int(self._pick(self.need_groups))][1]
        reasons = [self.rng.choice(group)]
        for chance in (0.55, 0.2):
            if self.rng.random() < chance:
                extra = self.rng.choice(group)
                if extra not in reasons:
                    reasons.append(extra)
        return reasons

    def _referral_days(self, count: int) -> list[int]:
        """Days of a person's referrals, at least a month apart (evenly spread if chance keeps failing)."""
        all_days, cumulative = self.day_weights
        for _ in range(20):
            days = sorted(self.rng.choices(all_days, cum_weights=cumulative, k=count))
            if all(later - earlier >= MIN_DAYS_BETWEEN_REFERRALS for earlier, later in itertools.pairwise(days)):
                return days
        step = len(all_days) // count
        return [index * step + self.rng.randrange(max(1, step - MIN_DAYS_BETWEEN_REFERRALS)) for index in range(count)]

    # --- a person -----------------------------------------------------------------------------------
    def person(self, batch: Batch, team: WorldTeam, referral_count: int) -> None:
        rng = self.rng
        gender = self._pick(self.genders)
        given = rng.choice(
            FEMALE_NAMES if gender == "2" else MALE_NAMES if gender == "1" else FEMALE_NAMES + MALE_NAMES
        )
        family = rng.choice(FAMILY_NAMES)
        days = self._referral_days(referral_count)
        received = [
            self._working_minute(day) if rng.random() < 0.9 else day * MINUTES_PER_DAY + rng.randint(0, 1439)
            for day in days
        ]
        band = AGE_BANDS[int(self._pick(self.age_bands))]
        first_date = self.origin.date() + dt.timedelta(days=days[0])
        born = first_date - dt.timedelta(days=rng.randint(band[0] * 365 + 1, band[1] * 365 + 360))
        postcode, _district = rng.choice(team.postcodes)
        practice = rng.choice(team.practice_ids) if team.practice_ids and rng.random() < 0.95 else None
        nhs_number = self.nhs_numbers.pop() if self.nhs_numbers and rng.random() < 0.95 else ""
        person_id = self._uuid()
        created = self.at(received[0])
        batch.people.append(
            (
                person_id,
                given,
                family,
                born.isoformat(),
                nhs_number,
                gender,
                self._pick(self.ethnicities),
                "",
                postcode if rng.random() < 0.93 else "",
                None if practice is None else str(practice),
                created,
                created,
            )
        )
        self.consents(batch, person_id, received[0])
        for index, minute in enumerate(received):
            # An earlier episode ends before the next referral arrives.
            ends_by = received[index + 1] - MINUTES_PER_DAY if index + 1 < len(received) else self.now_minute
            self.referral(batch, team, person_id, practice, minute, ends_by, postcode)

    def consents(self, batch: Batch, person_id: str, first_referred: int) -> None:
        """The decisions recorded with the first referral: support (needed to refer), texts and emails for most,
        and, for a few, evaluation refused, or given and withdrawn some months later; no decision about
        evaluation is the usual case (the scheme's lawful basis)."""
        rng = self.rng
        decisions = [("support", "given", first_referred)]
        texts = rng.random()
        if texts < 0.8:
            decisions.append(("contact_digital", "given" if texts < 0.65 else "refused", first_referred))
        evaluation = rng.random()
        if evaluation < 0.02:
            decisions.append(("evaluation", "refused", first_referred))
        elif evaluation < 0.05:
            decisions.append(("evaluation", "given", first_referred))
            withdrawn = first_referred + rng.randint(30, 400) * MINUTES_PER_DAY
            if evaluation < 0.03 and withdrawn < self.now_minute:
                decisions.append(("evaluation", "withdrawn", withdrawn))
        # One decision per purpose at a time: the withdrawal comes months after the evaluation consent.
        for purpose, decision, minute in decisions:
            batch.consents.append(
                (
                    self._uuid(),
                    person_id,
                    purpose,
                    decision,
                    "by_referrer" if decision != "withdrawn" else "phone",
                    self.at(minute),
                    None,
                    "Synthetic referrer",
                    "",
                )
            )

    # --- a referral and what follows ----------------------------------------------------------------
    def referral(
        self,
        batch: Batch,
        team: WorldTeam,
        person_id: str,
        practice: int | None,
        received: int,
        ends_by: int,
        postcode: str,
    ) -> None:
        rng = self.rng
        source = self._pick(self.sources)
        channel = {"self": "public_form", "champion": "champion"}.get(source) or (
            "fhir"
            if source == "gp" and rng.random() < 0.25
            else "professional_form"
            if rng.random() < 0.85
            else "staff"
        )
        urgency = "urgent" if rng.random() < 0.03 else "soon" if rng.random() < 0.12 else "routine"
        reasons = self._reasons()
        worker = rng.choice(team.worker_ids)
        wait_days = rng.lognormvariate(math.log(4 if urgency == "urgent" else 7), 0.75)
        first_contact = self._days_later(received, wait_days, wait_days)
        referral_id = self._uuid()
        status, status_reason, changed = "accepted", "", first_contact
        allocated: int | None = worker
        in_flight = first_contact > ends_by
        if in_flight and ends_by < self.now_minute:
            status, status_reason, allocated, changed = "withdrawn", SUPERSEDED, None, ends_by
        elif in_flight and self.options.settled:
            # In the settled history nothing waits: what would still be in progress did not reach the person.
            status, changed = "unable_to_contact", min(received + MINUTES_PER_DAY, ends_by)
        elif in_flight:
            waited = ends_by - received
            status = (
                "received"
                if waited < 2 * MINUTES_PER_DAY
                else "allocated"
                if waited > 4 * MINUTES_PER_DAY
                else "triaged"
            )
            allocated = worker if status == "allocated" else None
            changed = received if status == "received" else min(received + MINUTES_PER_DAY, ends_by)
        elif rng.random() > 0.962:
            status = self._pick(self.not_reached)
            status_reason = STATUS_REASONS.get(status, "")
            allocated = worker if status in {"unable_to_contact", "declined_by_person"} else None
            changed = min(self._days_later(received, 3, 20), ends_by)
        batch.referrals.append(
            (
                referral_id,
                self._reference(),
                person_id,
                str(team.id),
                source,
                channel,
                str(practice) if practice is not None and source in PRACTICE_SOURCES else None,
                json.dumps(reasons),
                urgency,
                status,
                status_reason,
                None if allocated is None else str(allocated),
                self.at(received),
                self.at(changed),
            )
        )
        if status == "accepted":
            self.case(batch, team, person_id, referral_id, worker, first_contact, ends_by, reasons, postcode)

    def case(
        self,
        batch: Batch,
        team: WorldTeam,
        person_id: str,
        referral_id: str,
        worker: int,
        opened: int,
        ends_by: int,
        reasons: list[str],
        postcode: str,
    ) -> None:
        rng = self.rng
        case_id = self._uuid()
        worker_text = str(worker)
        roll = rng.random()
        planned_contacts = 1 if roll < 0.33 else 2 if roll < 0.52 else min(3 + int(rng.expovariate(1 / 3.0)), 16)
        contact_times = [opened]
        for _ in range(planned_contacts - 1):
            contact_times.append(self._days_later(contact_times[-1], 5, 24))
        contact_times = [minute for minute in contact_times if minute <= ends_by]
        if len(contact_times) >= 2 and rng.random() < 0.25:
            # A call that did not reach the person, the day before the second contact.
            attempt = self.at(max(opened + 60, contact_times[1] - MINUTES_PER_DAY))
            batch.contacts.append((self._uuid(), case_id, attempt, "phone", "0", None, attempt, worker_text))
        for minute in contact_times:
            kind = self._pick(self.contact_kinds)
            duration = None if kind in WRITTEN_KINDS else str(rng.choice((15, 20, 30, 30, 45, 45, 60, 60, 90)))
            batch.contacts.append(
                (self._uuid(), case_id, self.at(minute), kind, "1", duration, self.at(minute + 45), worker_text)
            )
        made = len(contact_times)
        substantive_planned = planned_contacts >= 3
        plan_agreed_at = None
        if (substantive_planned and rng.random() < 0.85) or (planned_contacts == 2 and rng.random() < 0.1):
            agreed = contact_times[min(2, made - 1)] if made >= 2 else None
            if agreed is not None:
                plan_agreed_at = agreed
                batch.plans.append((case_id, self.on(agreed), self.at(agreed + 60), worker_text))
        elif rng.random() < 0.1 and made >= 2:
            batch.plans.append((case_id, None, self.at(contact_times[1] + 60), worker_text))
        # The episode ends some weeks after the last contact, unless that is still to come.
        closing = self._days_later(contact_times[-1], 7, 35)
        discharged = closing <= ends_by or ends_by < self.now_minute
        if self.options.settled and not discharged and opened < self.now_minute - 120 * MINUTES_PER_DAY:
            discharged, closing = True, min(closing, self.now_minute)
        if discharged:
            closing = min(closing, ends_by)
            full = made >= 3 or plan_agreed_at is not None
            reason = self._pick(self.discharge_full if full else self.discharge_brief)
            batch.discharges.append((case_id, reason, DISCHARGE_SUMMARY, self.at(closing), worker_text))
        end = closing if discharged else self.now_minute
        batch.cases.append(
            (
                case_id,
                referral_id,
                person_id,
                str(team.id),
                str(team.scheme_id),
                worker_text,
                "discharged" if discharged else "open",
                self.at(opened),
                self.at(closing) if discharged else None,
            )
        )
        full_engagement = made >= 3 or plan_agreed_at is not None
        self.onward(batch, case_id, worker_text, contact_times, end, full_engagement, reasons)
        self.measures(batch, case_id, worker_text, opened, end, discharged, full_engagement)
        self.usage(batch, person_id, case_id, worker_text, opened)
        if rng.random() < 0.04:
            need = rng.choice(reasons)
            minute = contact_times[-1]
            batch.unmet.append(
                (
                    self._uuid(),
                    case_id,
                    need,
                    self._pick(self.unmet_reasons),
                    postcode.split(" ")[0],
                    self.on(minute),
                    self.at(minute),
                    worker_text,
                )
            )

    def onward(
        self, batch: Batch, case_id: str, worker: str, contacts: list[int], end: int, full: bool, reasons: list[str]
    ) -> None:
        rng = self.rng
        count = rng.choices((0, 1, 2, 3), weights=(10, 45, 32, 13) if full else (70, 30, 0, 0))[0]
        services = rng.sample(self.world.service_ids, min(count, len(self.world.service_ids)))
        for service in services:
            sent = self._days_later(rng.choice(contacts), 0, 2)
            if sent > self.now_minute:
                continue
            respond_by = sent + 14 * MINUTES_PER_DAY
            status, first_response, changed, decline = "sent", None, sent, ""
            moves: list[tuple[str, int]] = []
            answer_at = self._days_later(sent, 1, 12)
            roll = rng.random()
            if roll < 0.08:
                moves.append(("expired", respond_by))
            else:
                answer = "accepted" if roll < 0.70 else "declined" if roll < 0.85 else "waitlisted"
                moves.append((answer, answer_at))
                if answer == "accepted":
                    follow = rng.random()
                    nxt = "started" if follow < 0.8 else "did_not_attend" if follow < 0.95 else "withdrawn"
                    moves.append((nxt, self._days_later(answer_at, 5, 21)))
                elif answer == "waitlisted":
                    follow = rng.random()
                    nxt = "started" if follow < 0.6 else "withdrawn" if follow < 0.85 else "expired"
                    moves.append((nxt, self._days_later(answer_at, 30, 90)))
                if moves[-1][0] == "started":
                    moves.append(
                        ("completed" if rng.random() < 0.7 else "stopped", self._days_later(moves[-1][1], 40, 90))
                    )
            for move, minute in moves:
                if minute > self.now_minute:
                    break
                status, changed = move, minute
                if first_response is None and move in {"accepted", "declined", "waitlisted", "started"}:
                    first_response = minute
                if move == "declined":
                    decline = self._pick(self.decline_reasons)
            batch.onward.append(
                (
                    self._uuid(),
                    case_id,
                    service,
                    status,
                    f"Synthetic referral for: {rng.choice(reasons).replace('_', ' ')}",
                    self.at(sent),
                    worker,
                    self.at(respond_by),
                    None if first_response is None else self.at(first_response),
                    self.at(changed),
                    decline,
                )
            )

    # --- outcomes -----------------------------------------------------------------------------------
    def _scores(self, instrument: str, answers: dict[str, object]) -> tuple[str, str]:
        answers_text = json.dumps(answers)
        key = (instrument, answers_text)
        scores = self.score_cache.get(key)
        if scores is None:
            scores = json.dumps(self.score(instrument, answers))
            self.score_cache[key] = scores
        return answers_text, scores

    def _ons4(self, shift: float, drift: float) -> dict[str, object]:
        gauss = self.rng.gauss

        def clip(value: float) -> int:
            return max(0, min(10, round(value)))

        return {
            "life_satisfaction": clip(gauss(4.6 + shift, 2.0)),
            "worthwhile": clip(gauss(5.1 + shift * 0.8, 2.1)),
            "happiness": clip(gauss(4.8 + shift, 2.3)),
            "anxiety": clip(gauss(5.8 - shift * 0.8 + drift, 2.5)),
        }

    def _loneliness(self, shift: float) -> dict[str, object]:
        level = self.rng.gauss(2.3 - shift, 0.55)
        items = [max(1, min(3, round(level + self.rng.gauss(0, 0.45)))) for _ in range(3)]
        direct_index = max(0, min(4, round(4 - (level - 1) * 2 + self.rng.gauss(0, 0.8))))
        return {
            "lack_companionship": items[0],
            "left_out": items[1],
            "isolated": items[2],
            "how_often_lonely": DIRECT_LONELINESS[direct_index],
        }

    def _measure(
        self,
        batch: Batch,
        case_id: str,
        worker: str,
        instrument: str,
        timepoint: str,
        minute: int,
        answers: dict[str, object],
    ) -> None:
        answers_text, scores = self._scores(instrument, answers)
        assisted = self.rng.random() < 0.7
        batch.measures.append(
            (
                self._uuid(),
                case_id,
                instrument,
                "1",
                timepoint,
                self.on(minute),
                "assisted" if assisted else "self",
                answers_text,
                scores,
                self.at(minute + 30),
                worker if assisted else None,
            )
        )

    def measures(
        self, batch: Batch, case_id: str, worker: str, opened: int, end: int, discharged: bool, full: bool
    ) -> None:
        rng = self.rng
        if rng.random() > 0.72:
            return  # 28% of people never have a measure recorded
        instruments = ("ons4", "loneliness") if rng.random() < 0.8 else (rng.choice(("ons4", "loneliness")),)
        # A person-level improvement, modest on average, larger for those who engaged more.
        improvement = rng.gauss(1.0 if full else 0.4, 1.3)
        follow_up = None
        if discharged and end - opened >= 42 * MINUTES_PER_DAY and rng.random() < (0.7 if full else 0.3):
            follow_up = ("discharge", end)
        elif not discharged and end - opened >= 84 * MINUTES_PER_DAY and rng.random() < 0.5:
            follow_up = ("review", opened + 84 * MINUTES_PER_DAY)
        for instrument in instruments:
            if instrument == "ons4":
                self._measure(batch, case_id, worker, "ons4", "baseline", opened, self._ons4(0.0, 0.0))
                if follow_up:
                    self._measure(
                        batch, case_id, worker, "ons4", follow_up[0], follow_up[1], self._ons4(improvement, 0.0)
                    )
            else:
                self._measure(batch, case_id, worker, "loneliness", "baseline", opened, self._loneliness(0.0))
                if follow_up:
                    self._measure(
                        batch,
                        case_id,
                        worker,
                        "loneliness",
                        follow_up[0],
                        follow_up[1],
                        self._loneliness(improvement * 0.35),
                    )

    def _count(self, mean: float) -> str | None:
        if self.rng.random() < 0.08:
            return None  # not known, which is not the same as none
        # A gamma-Poisson mixture: most people use services a little, a few a great deal.
        return str(_poisson(self.rng, self.rng.gammavariate(1.5, mean / 1.5)))

    def usage(self, batch: Batch, person_id: str, case_id: str, worker: str, opened: int) -> None:
        rng = self.rng
        if rng.random() > 0.35:
            return
        from_gp_record = rng.random() < 0.6
        source = "gp_record" if from_gp_record else "self_reported"
        recorder = None if from_gp_record else worker
        label = SYNTHETIC_IMPORT_LABEL if from_gp_record else ""
        baseline_counts = [self._count(mean) for _, mean, _ in USAGE_MEANS]
        batch.usage.append(
            (
                self._uuid(),
                person_id,
                case_id,
                "baseline",
                self.on(opened),
                source,
                *baseline_counts,
                self.at(opened + 60),
                recorder,
                label,
            )
        )
        follow_up = opened + 182 * MINUTES_PER_DAY
        if follow_up > self.now_minute or rng.random() > 0.7:
            return
        follow_counts: list[str | None] = []
        for (_, mean, share), before in zip(USAGE_MEANS, baseline_counts, strict=True):
            if before is None or rng.random() < 0.05:
                follow_counts.append(None)
                continue
            follow_counts.append(str(_poisson(rng, (int(before) * 0.6 + mean * 0.4) * share * rng.uniform(0.6, 1.3))))
        batch.usage.append(
            (
                self._uuid(),
                person_id,
                case_id,
                "follow_up",
                self.on(follow_up),
                source,
                *follow_counts,
                self.at(follow_up + 60),
                recorder,
                label,
            )
        )


def _poisson(rng: random.Random, mean: float) -> int:
    if mean <= 0:
        return 0
    if mean > 30:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, product, count = math.exp(-mean), rng.random(), 0
    while product > limit:
        product *= rng.random()
        count += 1
    return count
