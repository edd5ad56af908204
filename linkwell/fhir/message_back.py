"""The message back to the GP and referrer as a FHIR document Bundle: a Composition (the PRSB message-back
sections as narrative, with the national SNOMED CT event code), the Patient, and the ServiceRequest and
Task as they now stand. Built from casework.message_back, the same content as the printed letter."""

from html import escape
from typing import Any

from django.conf import settings

from linkwell.casework.message_back import MessageBack
from linkwell.fhir import resources
from linkwell.fhir.translate import NHS_NUMBER_SYSTEM, SNOMED_SYSTEM

XHTML = "http://www.w3.org/1999/xhtml"


def _narrative(*paragraphs: str) -> dict[str, str]:
    body = "".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs if paragraph) or "<p>None recorded.</p>"
    return {"status": "generated", "div": f'<div xmlns="{XHTML}">{body}</div>'}


def _list(items: list[str]) -> dict[str, str]:
    if not items:
        return _narrative("None recorded.")
    body = "".join(f"<li>{escape(item)}</li>" for item in items)
    return {"status": "generated", "div": f'<div xmlns="{XHTML}"><ul>{body}</ul></div>'}


def _progress(progress: int | None) -> str:
    return f" (progress {progress}/10)" if progress is not None else ""


def _patient(letter: MessageBack) -> dict[str, Any]:
    person = letter.person
    patient: dict[str, Any] = {
        "resourceType": "Patient",
        "id": str(person.pk),
        "name": [{"given": [person.given_name], "family": person.family_name}],
    }
    if person.nhs_number:
        patient["identifier"] = [{"system": NHS_NUMBER_SYSTEM, "value": person.nhs_number}]
    if person.date_of_birth:
        patient["birthDate"] = person.date_of_birth.isoformat()
    return patient


def _sections(letter: MessageBack) -> list[dict[str, Any]]:
    code, display = letter.coded_event
    sections: list[dict[str, Any]] = [
        {
            "title": "Referral outcome",
            "code": {"coding": [{"system": SNOMED_SYSTEM, "code": code, "display": display}]},
            "text": _narrative(
                f"{display}, {letter.event_date.isoformat()}.", f"Referred for: {', '.join(letter.needs)}."
            ),
        }
    ]
    if letter.case is None:
        return sections
    sections += [
        {
            "title": "What matters to me",
            "text": _narrative(
                letter.what_matters,
                f"Areas of life that mattered most: {', '.join(letter.priority_areas)}."
                if letter.priority_areas
                else "",
            ),
        },
        {
            "title": "Goals",
            "text": _list(
                [
                    f"{goal.text} – {goal.status}"
                    + (f" (progress {goal.progress}/10)" if goal.progress is not None else "")
                    for goal in letter.goals
                ]
            ),
        },
        {
            "title": "Support offered",
            "text": _list(
                [
                    f"{line.kind} to {line.service} ({line.organisation}) on {line.on.isoformat()}: {line.outcome}"
                    for line in letter.activities
                ]
            ),
        },
    ]
    if letter.discharge is not None:
        sections.append(
            {
                "title": "How support ended",
                "text": _narrative(
                    f"{letter.discharge_reason}, {letter.discharge.at.date().isoformat()}. "
                    f"{letter.contacts_made} contacts with the link worker, {letter.link_worker}.",
                    letter.discharge.summary,
                ),
            }
        )
    return sections


def message_back_bundle(letter: MessageBack) -> dict[str, Any]:
    referral = letter.referral
    patient = _patient(letter)
    base = settings.SITE_URL + "/fhir"
    composition = {
        "resourceType": "Composition",
        "id": f"message-back-{referral.pk}",
        "status": "final",
        "type": {"text": "Social prescribing message back to GP and referrer"},
        "subject": {"reference": f"Patient/{patient['id']}"},
        "date": letter.written_at.isoformat(),
        "author": [{"display": referral.team.name}],
        "title": f"Social prescribing message back, referral {referral.reference}",
        "section": _sections(letter),
    }
    entries = [
        composition,
        patient,
        resources.service_request(referral),
        resources.task(referral),
    ]
    return {
        "resourceType": "Bundle",
        "id": f"message-back-{referral.pk}",
        "type": "document",
        "timestamp": letter.written_at.isoformat(),
        "entry": [{"fullUrl": f"{base}/{item['resourceType']}/{item['id']}", "resource": item} for item in entries],
    }
