"""FHIR ⇄ domain: a posted ServiceRequest becomes a call to receive_referral, and every problem becomes an
OperationOutcome issue.

Structure is checked with fhir.resources' R4B models: the 8.x package ships R5 as its default and R4B as a
subpackage, and has no separate R4 models. R4B changed none of the elements read here from R4, so an R4
ServiceRequest, Patient, Practitioner(Role), Consent or Bundle validates unchanged. After the structure,
the business rules read the plain JSON, which is then known to be well formed.
"""

import json
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

import pydantic
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.servicerequest import ServiceRequest

from linkwell.clients.models import ApiClient
from linkwell.people.actions import PersonDetails
from linkwell.people.models import ConsentDecision, ConsentMethod, ConsentPurpose
from linkwell.referrals.actions import ConsentChoice, ReferralProblem, receive_referral
from linkwell.referrals.models import Referral, ReferralChannel, ReferralSource, Urgency
from linkwell.referrals.needs import Need

NHS_NUMBER_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number"
ODS_SYSTEM = "https://fhir.nhs.uk/Id/ods-organization-code"
SNOMED_SYSTEM = "http://snomed.info/sct"
NEED_SYSTEM = "https://linkwell.example/fhir/CodeSystem/need"
CONSENT_PURPOSE_SYSTEM = "https://linkwell.example/fhir/CodeSystem/consent-purpose"
REFERRAL_SOURCE_SYSTEM = "https://linkwell.example/fhir/CodeSystem/referral-source"
REFERENCE_SYSTEM = "https://linkwell.example/fhir/Id/referral-reference"

# Only concepts whose ids we are sure of; anything finer goes through our own need-code system.
SNOMED_NEEDS: dict[str, Need] = {
    "422650009": Need.SOCIAL_ISOLATION,  # Social isolation (finding)
    "32911000": Need.HOMELESSNESS,  # Homeless (finding)
    "73595000": Need.STRESS,  # Stress (finding)
    "48694002": Need.ANXIETY,  # Anxiety (finding)
    "733423003": Need.FOOD_INSECURITY,  # Food insecurity (finding)
}
PRIORITIES = {"routine": Urgency.ROUTINE, "urgent": Urgency.SOON, "asap": Urgency.URGENT, "stat": Urgency.URGENT}
CONSENT_DECISIONS = {"permit": ConsentDecision.GIVEN, "deny": ConsentDecision.REFUSED}
# A machine client speaks for an organisation, not for the person, so a self-referral cannot arrive this way.
API_SOURCES = frozenset(ReferralSource.values) - {ReferralSource.SELF, ReferralSource.CHAMPION}
# Made once: a choices enum's .values builds a new list on every read.
NEED_CODES = frozenset(Need.values)
CONSENT_PURPOSES = frozenset(ConsentPurpose.values)

# Where each receive_referral problem points in the posted resources.
EXPRESSIONS = {
    "person.given_name": "Patient.name.given",
    "person.family_name": "Patient.name.family",
    "person.date_of_birth": "Patient.birthDate",
    "person.nhs_number": "Patient.identifier",
    "person.postcode": "Patient.address.postalCode",
    "person.address_line_1": "Patient.address.line",
    "person.address_line_2": "Patient.address.line",
    "person.town": "Patient.address.city",
    "person.phone": "Patient.telecom",
    "person.email": "Patient.telecom",
    "person.gp_practice_ods_code": "Patient.generalPractitioner",
    "team": "Patient.generalPractitioner",
    "reasons": "ServiceRequest.reasonCode",
    "reason_text": "ServiceRequest.note",
    "urgency": "ServiceRequest.priority",
    "authored_at": "ServiceRequest.authoredOn",
    "consents": "ServiceRequest.supportingInfo",
    "referrer_name": "ServiceRequest.requester",
    "referrer_role": "ServiceRequest.requester",
    "referrer_organisation_name": "ServiceRequest.requester",
}


@dataclass(frozen=True)
class Issue:
    code: str  # FHIR issue-type: structure, required, invalid, value, business-rule, too-long, login, not-found
    diagnostics: str
    expression: str = ""


class FhirProblem(Exception):
    def __init__(self, status: int, issues: list[Issue]) -> None:
        super().__init__("; ".join(issue.diagnostics for issue in issues))
        self.status = status
        self.issues = issues


@dataclass
class _Parsed:
    service_request: dict[str, Any]
    patient: dict[str, Any] | None
    contained: dict[str, dict[str, Any]] = field(default_factory=dict)


def parse_json(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as problem:
        raise FhirProblem(400, [Issue("structure", "The request body is not valid JSON")]) from problem
    if not isinstance(data, dict):
        raise FhirProblem(400, [Issue("structure", "The request body must be a FHIR resource (a JSON object)")])
    return data


def create_referral(data: dict[str, Any], *, client: ApiClient) -> Referral:
    """Receive the referral the ServiceRequest (or Bundle) describes, or raise FhirProblem with every issue
    found; then nothing is saved."""
    parsed = _structure(data)
    issues: list[Issue] = []
    arguments = _referral_arguments(parsed, client=client, issues=issues)
    try:
        if not issues:
            # receive_referral is a transaction of its own: all of it is saved, or none of it.
            return receive_referral(**arguments)
        # receive_referral checks everything before it writes, but our own issues may be all that is wrong:
        # then it succeeds, and this transaction undoes it, so the client still hears of every problem at once.
        with transaction.atomic():
            receive_referral(**arguments)
            raise _RollBack
    except ReferralProblem as problem:
        issues.extend(
            Issue(_issue_code(name), message, EXPRESSIONS.get(name, "ServiceRequest"))
            for name, message in problem.errors.items()
        )
    except _RollBack:
        pass
    raise FhirProblem(422, issues)


class _RollBack(Exception):
    pass


def _issue_code(name: str) -> str:
    return "business-rule" if name in {"team", "consents"} else "invalid"


def _structure(data: dict[str, Any]) -> _Parsed:
    kind = data.get("resourceType")
    if kind == "Bundle":
        _validate(Bundle, data)
        if data.get("type") not in {"transaction", "collection"}:
            raise FhirProblem(
                400, [Issue("structure", "Send a Bundle of type transaction or collection", "Bundle.type")]
            )
        return _from_bundle(data)
    if kind != "ServiceRequest":
        raise FhirProblem(400, [Issue("structure", "Send a ServiceRequest, or a Bundle holding one", "resourceType")])
    _validate(ServiceRequest, data)
    contained = {str(item.get("id")): item for item in data.get("contained", [])}
    subject = data["subject"].get("reference", "")
    patient = contained.get(subject[1:]) if subject.startswith("#") else None
    if patient is not None and patient.get("resourceType") != "Patient":
        patient = None
    return _Parsed(service_request=data, patient=patient, contained=contained)


def _validate(model: type[pydantic.BaseModel], data: dict[str, Any]) -> None:
    try:
        model.model_validate(data)
    except pydantic.ValidationError as error:
        raise FhirProblem(
            400,
            [
                Issue("structure", item["msg"], ".".join(str(part) for part in item["loc"] if part != "__root__"))
                for item in error.errors()
            ],
        ) from error


def _from_bundle(bundle: dict[str, Any]) -> _Parsed:
    resources: dict[str, dict[str, Any]] = {}
    requests = []
    for entry in bundle.get("entry", []):
        resource = entry.get("resource") or {}
        kind = resource.get("resourceType")
        if kind == "ServiceRequest":
            requests.append(resource)
        # Entries are referred to by fullUrl (urn:uuid:…) or by Type/id.
        if entry.get("fullUrl"):
            resources[entry["fullUrl"]] = resource
        if resource.get("id"):
            resources[f"{kind}/{resource['id']}"] = resource
    if len(requests) != 1:
        raise FhirProblem(400, [Issue("structure", "The Bundle must hold exactly one ServiceRequest", "Bundle.entry")])
    service_request = requests[0]
    contained = {str(item.get("id")): item for item in service_request.get("contained", [])}
    # Bundle entries resolve like contained resources from here on.
    for key, resource in resources.items():
        contained.setdefault(key, resource)
    subject = service_request["subject"].get("reference", "")
    patient = contained.get(subject[1:] if subject.startswith("#") else subject)
    if patient is not None and patient.get("resourceType") != "Patient":
        patient = None
    return _Parsed(service_request=service_request, patient=patient, contained=contained)


def _resolve(parsed: _Parsed, reference: dict[str, Any] | None) -> dict[str, Any] | None:
    target = (reference or {}).get("reference", "")
    return parsed.contained.get(target[1:] if target.startswith("#") else target) if target else None


def _referral_arguments(parsed: _Parsed, *, client: ApiClient, issues: list[Issue]) -> dict[str, Any]:
    request = parsed.service_request
    person = _person_details(parsed.patient, issues)
    reasons, reason_text = _reasons(request, issues)
    urgency = PRIORITIES.get(request.get("priority", "routine"), Urgency.ROUTINE)
    referrer_name, referrer_role, source = _requester(parsed, issues)
    return {
        "person_details": person,
        "team": None,
        "source": source,
        "channel": ReferralChannel.FHIR,
        "reasons": reasons,
        "reason_text": reason_text,
        "urgency": urgency,
        "by": None,
        "referrer_name": referrer_name,
        "referrer_role": referrer_role,
        "referrer_organisation_name": client.organisation.name,
        "referrer_organisation": client.organisation,
        "consents": _consents(parsed, issues),
        "api_client": client,
        "authored_at": _authored_at(request, issues),
    }


def _authored_at(request: dict[str, Any], issues: list[Issue]) -> datetime | None:
    """FHIR authoredOn is a dateTime that may be only a date (or a year): a date means its start, here."""
    text = request.get("authoredOn")
    if not text:
        return None
    parsed = parse_datetime(text) if "T" in text else None
    if parsed is None and len(text) == len("2026-11-22"):
        day = parse_date(text)
        parsed = datetime.combine(day, time.min) if day else None
    if parsed is None:
        issues.append(
            Issue("value", "ServiceRequest.authoredOn must be a date or a date and time", "ServiceRequest.authoredOn")
        )
        return None
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


def _person_details(patient: dict[str, Any] | None, issues: list[Issue]) -> PersonDetails:
    if patient is None:
        issues.append(
            Issue(
                "required",
                "ServiceRequest.subject must refer to a Patient, contained (#id) or in the Bundle",
                "ServiceRequest.subject",
            )
        )
        return PersonDetails(given_name="", family_name="")
    names = patient.get("name") or [{}]
    name = next((item for item in names if item.get("use") in {None, "official", "usual"}), names[0])
    nhs_numbers = [
        item.get("value", "") for item in patient.get("identifier", []) if item.get("system") == NHS_NUMBER_SYSTEM
    ]
    if not nhs_numbers:
        issues.append(
            Issue(
                "required",
                f"Give the patient's NHS number as an identifier with system {NHS_NUMBER_SYSTEM}",
                "Patient.identifier",
            )
        )
    address = (patient.get("address") or [{}])[0]
    lines = address.get("line", [])
    practice_codes = [
        (item.get("identifier") or {}).get("value", "")
        for item in patient.get("generalPractitioner", [])
        if (item.get("identifier") or {}).get("system") == ODS_SYSTEM
    ]
    birth_date = patient.get("birthDate")
    phone, email = _contact_points(patient.get("telecom", []))
    return PersonDetails(
        given_name=" ".join(name.get("given", [])),
        family_name=name.get("family", ""),
        date_of_birth=_full_date(birth_date, issues),
        nhs_number=nhs_numbers[0] if nhs_numbers else "",
        address_line_1=lines[0] if lines else "",
        address_line_2=", ".join(lines[1:]),
        town=address.get("city", ""),
        postcode=address.get("postalCode", ""),
        phone=phone,
        email=email,
        gp_practice_ods_code=practice_codes[0] if practice_codes else "",
    )


def _contact_points(telecom: list[dict[str, Any]]) -> tuple[str, str]:
    """The phone number and email address to reach the person by: current ones only (not use "old"), the
    lowest rank first, and for the phone a mobile before others (a text can reach it)."""
    current = [
        point for point in telecom if isinstance(point, dict) and point.get("value") and point.get("use") != "old"
    ]

    def best(points: list[dict[str, Any]]) -> str:
        ordered = sorted(points, key=lambda point: (point.get("use") != "mobile", point.get("rank", 1_000_000)))
        return str(ordered[0]["value"]).strip() if ordered else ""

    phone = best([point for point in current if point.get("system") in {"phone", "sms"}])
    email = best([point for point in current if point.get("system") == "email"])
    return phone, email


def _full_date(value: str | None, issues: list[Issue]) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        # FHIR allows a year or year-month; a person record needs the day.
        issues.append(Issue("invalid", "Give the full date of birth (YYYY-MM-DD)", "Patient.birthDate"))
        return None


def _reasons(request: dict[str, Any], issues: list[Issue]) -> tuple[list[str], str]:
    reasons: list[str] = []
    unknown: list[str] = []
    for concept in request.get("reasonCode", []):
        for coding in concept.get("coding", []):
            system, code = coding.get("system"), coding.get("code", "")
            if system == NEED_SYSTEM and code in NEED_CODES:
                reasons.append(code)
            elif system == SNOMED_SYSTEM and code in SNOMED_NEEDS:
                reasons.append(SNOMED_NEEDS[code].value)
            else:
                unknown.append(f"{system}|{code}")
    if unknown:
        issues.append(
            Issue(
                "code-invalid",
                f"Reason codes not recognised: {', '.join(unknown)}. Use {NEED_SYSTEM} or the SNOMED CT codes in "
                "the CapabilityStatement",
                "ServiceRequest.reasonCode",
            )
        )
    text = "\n\n".join(note.get("text", "") for note in request.get("note", []) if note.get("text"))
    return reasons, text


def _requester(parsed: _Parsed, issues: list[Issue]) -> tuple[str, str, ReferralSource]:
    reference = parsed.service_request.get("requester")
    resource = _resolve(parsed, reference)
    name = (reference or {}).get("display", "")
    role = ""
    source = ReferralSource.OTHER_AGENCY
    if resource is not None and resource.get("resourceType") == "PractitionerRole":
        practitioner = _resolve(parsed, resource.get("practitioner"))
        name = (
            _human_name(practitioner) if practitioner else (resource.get("practitioner") or {}).get("display", "")
        ) or name
        for concept in resource.get("code", []):
            role = role or concept.get("text", "")
            for coding in concept.get("coding", []):
                role = role or coding.get("display", "")
                if coding.get("system") == REFERRAL_SOURCE_SYSTEM:
                    if coding.get("code") in API_SOURCES:
                        source = ReferralSource(coding["code"])
                    else:
                        issues.append(
                            Issue(
                                "code-invalid",
                                f"Referral source must be one of {', '.join(sorted(API_SOURCES))}",
                                "PractitionerRole.code",
                            )
                        )
    elif resource is not None and resource.get("resourceType") == "Practitioner":
        name = _human_name(resource) or name
    if not name:
        issues.append(
            Issue(
                "required",
                "Name the person making the referral in ServiceRequest.requester",
                "ServiceRequest.requester",
            )
        )
    return name, role, source


def _human_name(resource: dict[str, Any]) -> str:
    name = (resource.get("name") or [{}])[0]
    return (
        name.get("text") or " ".join([*name.get("prefix", []), *name.get("given", []), name.get("family", "")]).strip()
    )


def _consents(parsed: _Parsed, issues: list[Issue]) -> list[ConsentChoice]:
    choices: list[ConsentChoice] = []
    for reference in parsed.service_request.get("supportingInfo", []):
        consent = _resolve(parsed, reference)
        if consent is None or consent.get("resourceType") != "Consent":
            continue
        decision = CONSENT_DECISIONS.get((consent.get("provision") or {}).get("type", "permit"))
        if consent.get("status") != "active" or decision is None:
            continue
        for concept in consent.get("category", []):
            for coding in concept.get("coding", []):
                if coding.get("system") == CONSENT_PURPOSE_SYSTEM and coding.get("code") in CONSENT_PURPOSES:
                    choices.append((ConsentPurpose(coding["code"]), decision, ConsentMethod.BY_REFERRER))
                elif coding.get("system") == CONSENT_PURPOSE_SYSTEM:
                    issues.append(
                        Issue(
                            "code-invalid",
                            f"Consent purpose must be one of {', '.join(ConsentPurpose.values)}",
                            "Consent.category",
                        )
                    )
    return choices
