"""The case's timeline: everything that happened in the case, newest first, in one list.

Each source reads its own table for the whole case at once (and at most one more query for the names of the
people involved), so the timeline costs the same few queries however long the case runs. A new kind of
record joins the timeline by adding a source to TIMELINE_SOURCES."""

import enum
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from linkwell.accounts.models import User
from linkwell.casework.models import (
    Case,
    CaseNote,
    CaseStatus,
    CaseTransition,
    ConcernStatus,
    Contact,
    Conversation,
    FollowUp,
    Goal,
    GoalStatus,
    GoalUpdate,
    OnwardStatus,
    OnwardTransition,
    SafeguardingConcern,
    Signposting,
)
from linkwell.lib.dates import format_date
from linkwell.outcomes.instruments import instrument_name
from linkwell.outcomes.models import MeasureResponse, Timepoint
from linkwell.referrals.inbox_queries import worker_names

# Long texts (a conversation's "what matters") are shortened: the full record is in its own section.
SUMMARY_LIMIT = 300


class TimelineKind(enum.StrEnum):
    CASE = "case"
    NOTE = "note"
    CONVERSATION = "conversation"
    PLAN = "plan"
    CONTACT = "contact"
    FOLLOW_UP = "follow_up"
    CONCERN = "concern"
    ONWARD = "onward"
    SIGNPOSTING = "signposting"
    MEASURE = "measure"


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: TimelineKind
    title: str
    detail: str = ""
    # Who did it, in words: a name, an email for someone whose account is gone, or "the provider, by emailed link".
    by: str = ""


TimelineSource = Callable[[Case], Iterable[TimelineEntry]]


def _name(user: User | None) -> str:
    if user is None:
        return ""
    return user.full_name or user.email


def _shortened(text: str) -> str:
    text = text.strip()
    return text if len(text) <= SUMMARY_LIMIT else text[: SUMMARY_LIMIT - 1].rstrip() + "…"


def _lines(*parts: str) -> str:
    return "\n".join(part for part in parts if part)


def case_changes(case: Case) -> Iterator[TimelineEntry]:
    """Opened, given to another link worker, discharged (the transition's note is the discharge reason)."""
    transitions = list(CaseTransition.objects.filter(case=case))
    names = worker_names([t.link_worker_id for t in transitions] + [t.by_id for t in transitions])
    for transition in transitions:
        worker = names.get(transition.link_worker_id, "another link worker")
        if not transition.from_status:
            title, detail = "Case opened", f"Held by {worker}"
        elif transition.to_status == CaseStatus.DISCHARGED:
            title, detail = "Case closed: discharged", f"Reason: {transition.note}" if transition.note else ""
        else:
            title, detail = f"Case given to {worker}", transition.note
        yield TimelineEntry(
            at=transition.at,
            kind=TimelineKind.CASE,
            title=title,
            detail=detail,
            by=names.get(transition.by_id, transition.by_label) if transition.by_id else transition.by_label,
        )


def notes(case: Case) -> Iterator[TimelineEntry]:
    for note in CaseNote.objects.filter(case=case).select_related("by"):
        yield TimelineEntry(at=note.at, kind=TimelineKind.NOTE, title="Note", detail=note.text, by=_name(note.by))


def conversations(case: Case) -> Iterator[TimelineEntry]:
    for conversation in Conversation.objects.filter(case=case).select_related("recorded_by"):
        held = f"Held on {format_date(conversation.held_on)}"
        if conversation.held_on == timezone.localdate(conversation.recorded_at):
            held = ""
        yield TimelineEntry(
            at=conversation.recorded_at,
            kind=TimelineKind.CONVERSATION,
            title="“What matters to me” conversation",
            detail=_lines(held, f"What matters: {_shortened(conversation.what_matters)}"),
            by=_name(conversation.recorded_by),
        )


def goals_added(case: Case) -> Iterator[TimelineEntry]:
    for goal in Goal.objects.filter(plan__case=case).select_related("created_by"):
        yield TimelineEntry(
            at=goal.created_at,
            kind=TimelineKind.PLAN,
            title="Goal added to the plan",
            detail=goal.text,
            by=_name(goal.created_by),
        )


def goal_updates(case: Case) -> Iterator[TimelineEntry]:
    for update in GoalUpdate.objects.filter(goal__plan__case=case).select_related("goal", "by"):
        if update.to_status:
            title = f"Goal marked “{GoalStatus(update.to_status).label.lower()}”"
        else:
            title = "Progress on a goal"
        progress = f"Progress: {update.progress} out of 10" if update.progress is not None else ""
        yield TimelineEntry(
            at=update.at,
            kind=TimelineKind.PLAN,
            title=title,
            detail=_lines(f"Goal: {update.goal.text}", progress, update.note),
            by=_name(update.by),
        )


def contacts(case: Case) -> Iterator[TimelineEntry]:
    for contact in Contact.objects.filter(case=case).select_related("recorded_by"):
        kind = contact.get_kind_display()
        title = f"Contact: {kind.lower()}" if contact.made else f"Tried to make contact: {kind.lower()}"
        duration = f"{contact.duration_minutes} minutes" if contact.made and contact.duration_minutes else ""
        yield TimelineEntry(
            at=contact.at,
            kind=TimelineKind.CONTACT,
            title=title,
            detail=_lines(duration, contact.note),
            by=_name(contact.recorded_by),
        )


def follow_ups(case: Case) -> Iterator[TimelineEntry]:
    """Two entries for a follow-up that is done: when it was set, and when it was done."""
    for follow_up in FollowUp.objects.filter(case=case).select_related("assigned_to", "created_by", "done_by"):
        yield TimelineEntry(
            at=follow_up.created_at,
            kind=TimelineKind.FOLLOW_UP,
            title=f"Follow-up set: {follow_up.title}",
            detail=f"Due {format_date(follow_up.due_on)}, for {_name(follow_up.assigned_to)}",
            by=_name(follow_up.created_by),
        )
        if follow_up.done_at is not None:
            yield TimelineEntry(
                at=follow_up.done_at,
                kind=TimelineKind.FOLLOW_UP,
                title=f"Follow-up done: {follow_up.title}",
                detail=follow_up.done_note,
                by=_name(follow_up.done_by),
            )


def concerns(case: Case) -> Iterator[TimelineEntry]:
    for concern in SafeguardingConcern.objects.filter(case=case).select_related("raised_by", "closed_by"):
        yield TimelineEntry(
            at=concern.raised_at,
            kind=TimelineKind.CONCERN,
            title=f"Safeguarding concern raised: {concern.summary}",
            detail=f"Action taken: {_shortened(concern.action_taken)}" if concern.action_taken.strip() else "",
            by=_name(concern.raised_by),
        )
        if concern.status == ConcernStatus.CLOSED and concern.closed_at is not None:
            yield TimelineEntry(
                at=concern.closed_at,
                kind=TimelineKind.CONCERN,
                title=f"Safeguarding concern closed: {concern.summary}",
                detail=concern.closing_note,
                by=_name(concern.closed_by),
            )


def onward_changes(case: Case) -> Iterator[TimelineEntry]:
    """Each onward referral sent, and every answer or change since, whoever made it."""
    transitions = list(
        OnwardTransition.objects.filter(onward_referral__case=case).select_related("onward_referral__service")
    )
    names = worker_names(t.by_id for t in transitions)
    for transition in transitions:
        service = transition.onward_referral.service.name
        status = OnwardStatus(transition.to_status)
        if not transition.from_status:
            title = f"Referred to {service}"
            detail = _lines(
                "The service keeps a waiting list: the referral is waiting for a place"
                if status == OnwardStatus.WAITLISTED
                else "",
                f"Reason: {transition.onward_referral.reason}",
            )
        else:
            title = f"{service}: {status.label.lower()}"
            # Declined is final, so the referral's decline reason is this transition's.
            declined = (
                transition.onward_referral.get_decline_reason_display() if status == OnwardStatus.DECLINED else ""
            )
            detail = _lines(declined and f"Reason: {declined}", transition.note)
        yield TimelineEntry(
            at=transition.at,
            kind=TimelineKind.ONWARD,
            title=title,
            detail=detail,
            by=names.get(transition.by_id, transition.by_label) if transition.by_id else transition.by_label,
        )


def signpostings(case: Case) -> Iterator[TimelineEntry]:
    for signposting in Signposting.objects.filter(case=case).select_related("service", "by"):
        yield TimelineEntry(
            at=signposting.at,
            kind=TimelineKind.SIGNPOSTING,
            title=f"Signposted to {signposting.service.name}",
            detail=signposting.note,
            by=_name(signposting.by),
        )


def measures(case: Case) -> Iterator[TimelineEntry]:
    """Wellbeing measures, recorded by the team or answered by the person through a link they were sent."""
    for measure in MeasureResponse.objects.filter(case=case).select_related("recorded_by"):
        when = Timepoint(measure.timepoint).name.lower()
        answered = f"Answered on {format_date(measure.completed_on)}"
        yield TimelineEntry(
            at=measure.recorded_at,
            kind=TimelineKind.MEASURE,
            title=f"Wellbeing measure: {instrument_name(measure.instrument)}, {when}",
            detail=answered if measure.completed_on != timezone.localdate(measure.recorded_at) else "",
            by=_name(measure.recorded_by) or "the person, through the link they were sent",
        )


TIMELINE_SOURCES: list[TimelineSource] = [
    case_changes,
    notes,
    conversations,
    goals_added,
    goal_updates,
    contacts,
    follow_ups,
    concerns,
    onward_changes,
    signpostings,
    measures,
]


def case_timeline(case: Case) -> list[TimelineEntry]:
    """Every source's entries, newest first (entries at the same moment keep their sources' order)."""
    entries = [entry for source in TIMELINE_SOURCES for entry in source(case)]
    return sorted(entries, key=lambda entry: entry.at, reverse=True)
