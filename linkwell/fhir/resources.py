"""Rendering domain objects as FHIR R4 JSON: ServiceRequest, Task, OperationOutcome, CapabilityStatement."""

from typing import Any

from linkwell.casework.models import Case, CaseStatus
from linkwell.fhir.translate import (
    CONSENT_PURPOSE_SYSTEM,
    NEED_SYSTEM,
    NHS_NUMBER_SYSTEM,
    ODS_SYSTEM,
    REFERENCE_SYSTEM,
    REFERRAL_SOURCE_SYSTEM,
    SNOMED_NEEDS,
    SNOMED_SYSTEM,
    Issue,
)
from linkwell.referrals.models import Referral, ReferralSource, ReferralStatus, Urgency

FHIR_JSON = "application/fhir+json"
REFERRAL_ACCEPTED_SNOMED = "871731000000106"

# The Gravity closed-loop Task statuses (standards.md §4.4). "Accepted" in Linkwell means the first
# meaningful contact happened, which is when Gravity's performer has started: in-progress.
TASK_STATUS = {
    ReferralStatus.RECEIVED: "requested",
    ReferralStatus.TRIAGED: "requested",
    ReferralStatus.ALLOCATED: "accepted",
    ReferralStatus.IN_CONTACT: "accepted",
    ReferralStatus.ACCEPTED: "in-progress",
    ReferralStatus.DECLINED_BY_PERSON: "rejected",
    ReferralStatus.NOT_APPROPRIATE: "rejected",
    ReferralStatus.UNABLE_TO_CONTACT: "failed",
    ReferralStatus.WITHDRAWN: "cancelled",
}
# The ServiceRequest belongs to the requester (Gravity): it stays active while we work on it, and only a
# withdrawal revokes it. Progress is told by the Task.
REQUEST_STATUS = {ReferralStatus.WITHDRAWN: "revoked"}
PRIORITY = {Urgency.ROUTINE: "routine", Urgency.SOON: "urgent", Urgency.URGENT: "asap"}


def operation_outcome(issues: list[Issue]) -> dict[str, Any]:
    return {
        "resourceType": "OperationOutcome",
        "issue": [
            {
                "severity": "error",
                "code": issue.code,
                "diagnostics": issue.diagnostics,
                **({"expression": [issue.expression]} if issue.expression else {}),
            }
            for issue in issues
        ],
    }


def _subject(referral: Referral) -> dict[str, Any]:
    person = referral.person
    subject: dict[str, Any] = {"type": "Patient", "display": f"{person.given_name} {person.family_name}"}
    if person.nhs_number:
        subject["identifier"] = {"system": NHS_NUMBER_SYSTEM, "value": person.nhs_number}
    return subject


def _requester(referral: Referral) -> str:
    """FHIR forbids empty strings: the named referrer, else their organisation, else the kind of referrer."""
    return referral.referrer_name or referral.referrer_organisation_name or ReferralSource(referral.source).label


def service_request(referral: Referral) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "ServiceRequest",
        "id": str(referral.pk),
        "identifier": [{"system": REFERENCE_SYSTEM, "value": referral.reference}],
        "status": REQUEST_STATUS.get(ReferralStatus(referral.status), "active"),
        "intent": "order",
        "category": [
            {
                "coding": [
                    {"system": "https://fhir.nhs.uk/CodeSystem/message-category-servicerequest", "code": "referral"}
                ]
            }
        ],
        "priority": PRIORITY[Urgency(referral.urgency)],
        "subject": _subject(referral),
        "authoredOn": (referral.authored_at or referral.received_at).isoformat(),
        "requester": {"display": _requester(referral)},
        "performer": [{"display": referral.team.name}],
    }
    # The national code marks acceptance by the link worker (standards.md §4.5), so it appears only then.
    if referral.status == ReferralStatus.ACCEPTED:
        resource["code"] = {
            "coding": [
                {
                    "system": SNOMED_SYSTEM,
                    "code": REFERRAL_ACCEPTED_SNOMED,
                    "display": "Referral to social prescribing service",
                }
            ]
        }
    if referral.reasons:
        resource["reasonCode"] = [{"coding": [{"system": NEED_SYSTEM, "code": code}]} for code in referral.reasons]
    if referral.reason_text:
        resource["note"] = [{"text": referral.reason_text}]
    return resource


def _task_status(referral: Referral) -> str:
    status = TASK_STATUS[ReferralStatus(referral.status)]
    # Accepted referrals are worked on until the person is discharged: then the task is done.
    if status == "in-progress" and Case.objects.filter(referral=referral, status=CaseStatus.DISCHARGED).exists():
        return "completed"
    return status


def task(referral: Referral) -> dict[str, Any]:
    status = _task_status(referral)
    resource: dict[str, Any] = {
        "resourceType": "Task",
        "id": str(referral.pk),
        "status": status,
        "intent": "order",
        "code": {"coding": [{"system": "http://hl7.org/fhir/CodeSystem/task-code", "code": "fulfill"}]},
        "focus": {"reference": f"ServiceRequest/{referral.pk}"},
        "for": _subject(referral),
        "authoredOn": (referral.authored_at or referral.received_at).isoformat(),
        "lastModified": referral.status_changed_at.isoformat(),
        "requester": {"display": _requester(referral)},
        "owner": {"display": referral.team.name},
        "businessStatus": {"text": ReferralStatus(referral.status).label},
    }
    if status in {"rejected", "cancelled", "failed"}:
        resource["statusReason"] = {"text": referral.status_reason or ReferralStatus(referral.status).label}
    return resource


def searchset(resources: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": len(resources),
        "entry": [
            {"fullUrl": f"{item['resourceType']}/{item['id']}", "resource": item, "search": {"mode": "match"}}
            for item in resources
        ],
    }


def capability_statement() -> dict[str, Any]:
    bearer = {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/restful-security-service", "code": "OAuth"}]}
    snomed = ", ".join(f"{code} → {need.value}" for code, need in SNOMED_NEEDS.items())
    return {
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": "2026-11-22",
        "kind": "instance",
        "software": {"name": "Linkwell"},
        "fhirVersion": "4.0.1",
        "format": [FHIR_JSON],
        "rest": [
            {
                "mode": "server",
                "security": {
                    "service": [bearer],
                    "description": "Every endpoint but /metadata needs `Authorization: Bearer <token>`, a token "
                    "issued with `linkwell create_api_client`. Referrals come from the token's organisation.",
                },
                "resource": [
                    {
                        "type": "ServiceRequest",
                        "interaction": [{"code": "create"}, {"code": "read"}],
                        "operation": [
                            {
                                "name": "message-back",
                                "definition": "https://linkwell.example.org/fhir/OperationDefinition/message-back",
                                "documentation": (
                                    "GET ServiceRequest/{id}/$message-back: once the person is discharged, or "
                                    "declined the referral, a document Bundle with the message back to the GP and "
                                    "referrer (Composition with the PRSB sections and the SNOMED CT event "
                                    "871731000000106 or 871711000000103, the Patient, ServiceRequest and Task); "
                                    "404 until then."
                                ),
                            }
                        ],
                        "documentation": (
                            "POST a ServiceRequest (intent order) whose subject is a contained Patient (#id), or a "
                            "Bundle (transaction or collection) holding one ServiceRequest and its Patient. "
                            f"Patient: name (given and family), identifier with system {NHS_NUMBER_SYSTEM} "
                            "(required, Modulus 11), birthDate (full date, not in the future), address.postalCode, "
                            f"generalPractitioner.identifier with system {ODS_SYSTEM} (routes the referral). "
                            "requester: a display, or a contained/Bundle Practitioner or PractitionerRole; a "
                            f"PractitionerRole.code from {REFERRAL_SOURCE_SYSTEM} (gp, practice_nurse, "
                            "other_clinician, social_worker, pharmacist, other_agency) sets the source, else "
                            "other_agency. reasonCode from "
                            f"{NEED_SYSTEM} or SNOMED CT ({snomed}), and/or note text; at least one. "
                            "priority routine/urgent/asap. Consent (required): supportingInfo must refer to a "
                            "Consent (contained or in the Bundle) with status active, provision.type permit and a "
                            f"category coding {CONSENT_PURPOSE_SYSTEM}|support; other purposes "
                            "(share_with_providers, contact_digital, evaluation) are recorded too, and "
                            "provision.type deny records a refusal. Failures: 400 for malformed JSON or structure, "
                            "413 for a body over 64 KB, 422 with every business-rule problem; nothing is saved."
                        ),
                    },
                    {
                        "type": "Task",
                        "interaction": [{"code": "search-type"}],
                        "searchParam": [{"name": "focus", "type": "reference"}],
                        "documentation": (
                            "GET Task?focus=ServiceRequest/{id}: the closed-loop Task for a referral the client "
                            "sent. Status: received/triaged → requested; allocated/in contact → accepted; accepted "
                            "(first meaningful contact) → in-progress, then completed once the person is discharged; "
                            "declined by the person/not appropriate → "
                            "rejected; unable to contact → failed; withdrawn → cancelled, with statusReason.text."
                        ),
                    },
                ],
            }
        ],
    }
