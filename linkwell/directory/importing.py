"""Importing Open Referral UK feeds into the directory: ORUK 3.0 (the UK profile of HSDS 3.0) as it comes,
legacy ORUK v1 after translating each record into the 3.0 shape (directory.importing_v1).

Each service record is first read into a plan (plain dataclasses, no database access) and validated as
a whole (directory.importing_records, with the decisions about reading a record); only then is it
written, here, in its own transaction, so a bad record is rejected with a reason and leaves nothing
behind while the rest import. Source ids become our primary keys, so /oruk republishes the same ids for
services and everything under them.

Decisions worth knowing:
- Idempotence: the SHA-256 of the record's canonical JSON (with importing_records.FINGERPRINT_VERSION,
  so a change to the importer itself re-applies records) is kept in Service.import_fingerprint. An
  identical record is "unchanged" and costs no write at all.
- A changed record replaces the service's own rows (schedules, costs, languages, areas, funding,
  contacts, phones, links to locations, attributes). Organizations, locations and taxonomy terms are
  shared between services: upserted by id, once per run, and never deleted by the importer.
- Attributes on terms of Linkwell's own category taxonomy are local curation: a re-import keeps them,
  and the importer never edits that taxonomy or its terms.
- Taxonomies are kept as the source has them, by the source's taxonomy id (or uuid5 of its name when it
  has only a name). A taxonomy the source does not name takes the name the caller gives; a name already
  taken by another taxonomy gets the first 8 characters of the id appended, since names are unique.
- A term keeps its parent when the parent is in any record of the run or already in the directory;
  otherwise it sits at the top level. A parent given only as {"id", "name"} (as v1 feeds do) is created
  if missing and never overwrites a fuller term.
- last_modified is the import time, not the source's, so that consumers of our feed who ask for
  modified_after see what changed here.
"""

import itertools
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from django.db import DataError, IntegrityError, models, transaction
from django.utils import timezone

from linkwell.audit.actions import AuditAction
from linkwell.audit.log import record
from linkwell.directory import importing_v1
from linkwell.directory.importing_records import (
    Links,
    Part,
    Rejected,
    Rows,
    ServicePlan,
    SourceRecord,
    TaxonomyRef,
    Term,
    json_type,
    plan_service,
)
from linkwell.directory.indexing import refresh_search_fields
from linkwell.directory.models import (
    Accessibility,
    Address,
    Attribute,
    Contact,
    LinkEntity,
    Organization,
    OrganizationIdentifier,
    PublicationState,
    Service,
    ServiceStateChange,
    Taxonomy,
    TaxonomyTerm,
)
from linkwell.directory.taxonomy import TAXONOMY_ID as LINKWELL_TAXONOMY_ID

# Names taxonomies that the source identifies only by name (uuid5 of "taxonomy:<name>").
IMPORT_NAMESPACE = uuid.UUID("eb37af79-8e06-4fb1-8145-a49a606faefc")
PER_PAGE = 100
MAX_PAGES = 10_000
# A list item with any of these is already a fully nested record; otherwise /services/{id} is fetched.
FULL_RECORD_KEYS = ("service_at_locations", "schedules", "regular_schedules")
MAX_AUDITED_REJECTIONS = 100

Fetch = Callable[[str], object]
Progress = Callable[[int, int], None]


class SourceError(Exception):
    """The source as a whole cannot be read, or is not JSON in any shape the importer accepts."""


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejections: list[tuple[str, str]] = field(default_factory=list)
    dry_run: bool = False

    def summary(self) -> str:
        return (
            f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}, "
            f"rejected {len(self.rejections)}"
        )


# --- Reading the source ---------------------------------------------------------------------------


def records_from_document(document: object) -> list[SourceRecord]:
    """The service records in a parsed JSON document: a 3.0 Page, a v1 page, a list or one service."""
    if isinstance(document, dict) and isinstance(document.get("contents"), list):
        return [SourceRecord(item, legacy=False) for item in document["contents"]]
    if isinstance(document, dict) and isinstance(document.get("content"), list):
        return [SourceRecord(item, legacy=True) for item in document["content"]]
    if isinstance(document, dict) and ("id" in document or "name" in document):
        return [SourceRecord(document, legacy=importing_v1.looks_like_v1(document))]
    if isinstance(document, dict) and "openapi_url" in document:
        raise SourceError(
            "This is the root of an ORUK API (it gives version and openapi_url), not a list of services: "
            "pass the API's base URL to fetch its services."
        )
    if isinstance(document, list) and (not document or any(isinstance(item, dict) for item in document)):
        return [
            SourceRecord(item, legacy=isinstance(item, dict) and importing_v1.looks_like_v1(item)) for item in document
        ]
    found = f"an object with keys {', '.join(sorted(document)[:8])}" if isinstance(document, dict) else None
    raise SourceError(
        f"The JSON is {found or json_type(document)}, not an ORUK page (contents, or v1 content), "
        "a list of services or one service."
    )


def records_from_api(
    base_url: str, *, fetch: Fetch, per_page: int = PER_PAGE, progress: Progress | None = None
) -> tuple[list[SourceRecord], list[tuple[str, str]]]:
    """Every service of an ORUK API, page by page, fully nested; and the services that could not be fetched.

    `fetch(url)` returns parsed JSON or raises SourceError. A failing list page stops the import; a
    failing /services/{id} only rejects that service.
    """
    base = base_url.rstrip("/").removesuffix("/services")
    records: list[SourceRecord] = []
    failures: list[tuple[str, str]] = []
    previous_ids: list[object] | None = None
    for page in itertools.count(1):
        if page > MAX_PAGES:
            raise SourceError(f"{base} gave more than {MAX_PAGES} pages of services; stopping.")
        document = fetch(f"{base}/services?page={page}&per_page={per_page}")
        listed = records_from_document(document)
        ids = [item.data.get("id") if isinstance(item.data, dict) else None for item in listed]
        if not listed or ids == previous_ids:
            break  # an empty page, or a server that ignores ?page= and repeats itself
        previous_ids = ids
        # The page's total, where it gives one, makes the progress bar honest from the first page.
        total = document.get("total_items", document.get("totalElements")) if isinstance(document, dict) else None
        for item in listed:
            if progress is not None:
                done = len(records) + len(failures) + 1
                progress(done, max(total if isinstance(total, int) else 0, done))
            if not isinstance(item.data, dict) or any(key in item.data for key in FULL_RECORD_KEYS):
                records.append(item)
                continue
            service_id = str(item.data.get("id", ""))
            try:
                detail = fetch(f"{base}/services/{quote(service_id, safe='')}")
            except SourceError as error:
                failures.append((service_id, f"could not fetch its full record: {error}"))
                continue
            if not isinstance(detail, dict):
                failures.append((service_id, f"/services/{service_id} gave {json_type(detail)}, not a service"))
                continue
            records.append(SourceRecord(detail, legacy=item.legacy or importing_v1.looks_like_v1(detail)))
        if not isinstance(document, dict) or _is_last_page(document, page):
            break
    return records, failures


def _is_last_page(page: dict[str, Any], number: int) -> bool:
    if page.get("last_page") is True or page.get("last") is True:
        return True
    total = page.get("total_pages", page.get("totalPages"))
    return isinstance(total, int) and number >= total


# --- Writing ---------------------------------------------------------------------------------------

_ATTRIBUTE_OWNERS: dict[type[models.Model], str] = {
    Address: LinkEntity.ADDRESS,
    Accessibility: LinkEntity.ACCESSIBILITY,
    Contact: LinkEntity.CONTACT,
    OrganizationIdentifier: LinkEntity.ORGANIZATION_IDENTIFIER,
}


class _RolledBack(Exception):
    """Raised at the end of a dry run's transaction so that it rolls back."""

    def __init__(self, outcome: str) -> None:
        self.outcome = outcome


def _not_linkwell(attributes: "models.QuerySet[Attribute]") -> "models.QuerySet[Attribute]":
    # Links to Linkwell's own categories are local curation, which the source knows nothing about.
    return attributes.exclude(taxonomy_term__taxonomy_id=LINKWELL_TAXONOMY_ID)


class _Writer:
    """Writes plans. Remembers the shared rows (organizations, locations, taxonomies, terms) this run has
    committed, so that each is written once; rows of a transaction that rolled back are forgotten."""

    def __init__(self, *, source: str, taxonomy_name: str, catalogue: dict[uuid.UUID, Term]) -> None:
        self.source = source
        self.taxonomy_name = taxonomy_name
        self.catalogue = catalogue
        self.written: set[tuple[str, uuid.UUID]] = set()
        self.pending: set[tuple[str, uuid.UUID]] = set()

    def keep(self) -> None:
        self.written |= self.pending
        self.pending = set()

    def forget(self) -> None:
        self.pending = set()

    def _first_time(self, kind: str, pk: uuid.UUID) -> bool:
        if (kind, pk) in self.written or (kind, pk) in self.pending:
            return False
        self.pending.add((kind, pk))
        return True

    def write(self, plan: ServicePlan) -> str:
        if plan.organization is not None:
            self._part(plan.organization)
        elif not Organization.objects.filter(pk=plan.organization_id).exists():
            raise Rejected(f"organization {plan.organization_id} is neither in the record nor in the directory")
        previous = Service.objects.filter(pk=plan.id).values_list("state", flat=True).first()
        service, _ = Service.objects.update_or_create(
            pk=plan.id,
            defaults={
                **plan.values,
                "organization_id": plan.organization_id,
                "state": PublicationState.PUBLISHED,
                "import_fingerprint": plan.fingerprint,
                "last_modified": timezone.now(),
            },
        )
        if previous != PublicationState.PUBLISHED:
            ServiceStateChange.objects.create(
                service=service,
                from_state=previous or "",
                to_state=PublicationState.PUBLISHED,
                reason=f"Imported from {self.source}"[:300],
            )
        for location in plan.locations:
            self._part(location)
        for rows in plan.children:
            self._replace(rows)
        self._links(plan.links)
        refresh_search_fields(service)
        outcome = "created" if previous is None else "updated"
        record(
            by=None,
            action=AuditAction.SERVICE_IMPORTED,
            obj=service,
            detail={"source": self.source, "outcome": outcome},
        )
        return outcome

    def _part(self, part: Part) -> None:
        if not self._first_time(part.model._meta.label_lower, part.id):
            return
        values = dict(part.values)
        for name, pk in part.references.items():
            # A parent organization or owner the directory does not hold yet is left empty, not invented.
            values[name] = pk if pk is not None and Organization.objects.filter(pk=pk).exists() else None
        part.model._default_manager.update_or_create(pk=part.id, defaults=values)
        for rows in part.children:
            self._replace(rows)
        self._links(part.links)

    def _replace(self, rows: Rows) -> None:
        manager = rows.model._default_manager
        stale = manager.filter(**rows.owner).exclude(pk__in=[row["id"] for row in rows.rows])
        entity = _ATTRIBUTE_OWNERS.get(rows.model)
        if entity is not None:
            _not_linkwell(Attribute.objects.filter(link_entity=entity, link_id__in=stale.values("pk"))).delete()
        stale.delete()
        for row in rows.rows:
            values = dict(row)
            manager.update_or_create(pk=values.pop("id"), defaults=values)

    def _links(self, all_links: list[Links]) -> None:
        for links in all_links:
            scope = Attribute.objects.filter(link_entity=links.entity, link_id=links.link_id)
            _not_linkwell(scope.exclude(pk__in=[attribute.id for attribute in links.attributes])).delete()
            for attribute in links.attributes:
                self._term(attribute.term_id, ancestors=set())
                # The same link under another id (a feed that renumbered its attributes) would break uniqueness.
                scope.filter(taxonomy_term_id=attribute.term_id, link_type=attribute.link_type).exclude(
                    pk=attribute.id
                ).delete()
                Attribute.objects.update_or_create(
                    pk=attribute.id,
                    defaults={
                        "link_entity": links.entity,
                        "link_id": links.link_id,
                        "taxonomy_term_id": attribute.term_id,
                        "link_type": attribute.link_type,
                        "value": attribute.value,
                    },
                )

    def _term(self, term_id: uuid.UUID, *, ancestors: set[uuid.UUID]) -> None:
        if not self._first_time("term", term_id):
            return
        existing = TaxonomyTerm.objects.filter(pk=term_id).values_list("taxonomy_id", flat=True).first()
        if existing == LINKWELL_TAXONOMY_ID:
            return  # one of Linkwell's own categories (our own feed, re-imported): linked, never edited
        term = self.catalogue.get(term_id)
        if term is None or (term.stub and existing is not None):
            if existing is None:
                raise Rejected(f"taxonomy term {term_id} is neither in the record nor in the directory")
            return
        if term.taxonomy.id == LINKWELL_TAXONOMY_ID:
            raise Rejected(f"taxonomy term {term_id} claims Linkwell's category taxonomy but is not one of its terms")
        parent_id = term.parent_id
        if parent_id is not None and parent_id in ancestors | {term_id}:
            raise Rejected(f"taxonomy term {term_id} is its own ancestor")
        if parent_id is not None and parent_id in self.catalogue:
            self._term(parent_id, ancestors=ancestors | {term_id})
        elif parent_id is not None and not TaxonomyTerm.objects.filter(pk=parent_id).exists():
            parent_id = None  # the source names a parent it never lists: the term stays at the top level
        TaxonomyTerm.objects.update_or_create(
            pk=term_id, defaults={**term.values, "taxonomy_id": self._taxonomy(term.taxonomy), "parent_id": parent_id}
        )

    def _taxonomy(self, reference: TaxonomyRef) -> uuid.UUID:
        taxonomy_id = reference.id or uuid.uuid5(IMPORT_NAMESPACE, f"taxonomy:{reference.name or self.taxonomy_name}")
        if not self._first_time("taxonomy", taxonomy_id):
            return taxonomy_id
        existing = Taxonomy.objects.filter(pk=taxonomy_id).first()
        name = (reference.name or (existing.name if existing is not None else self.taxonomy_name))[:200]
        if Taxonomy.objects.filter(name=name).exclude(pk=taxonomy_id).exists():
            # Names are unique; another source (or Linkwell) already has this one, and ids are what we keep.
            name = f"{name[:188]} ({str(taxonomy_id)[:8]})"
        Taxonomy.objects.update_or_create(
            pk=taxonomy_id,
            defaults={
                "name": name,
                "description": reference.description
                or (existing.description if existing is not None else f"Taxonomy terms imported from {self.source}."),
                "uri": reference.uri or (existing.uri if existing is not None else ""),
                "version": reference.version or (existing.version if existing is not None else ""),
            },
        )
        return taxonomy_id


# --- The import ------------------------------------------------------------------------------------


def _label(data: object, position: int) -> str:
    if isinstance(data, dict) and data.get("id") not in (None, ""):
        return str(data["id"])
    return f"record {position}"


def _database_refused(error: Exception) -> str:
    first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return f"the database refused it: {first_line}"


def import_services(
    records: list[SourceRecord],
    *,
    source: str,
    taxonomy_name: str,
    dry_run: bool = False,
    failures: Iterable[tuple[str, str]] = (),
    progress: Progress | None = None,
) -> ImportResult:
    """Import each record in its own transaction (rolled back on a dry run) and audit the outcome.

    `taxonomy_name` names the taxonomy of terms whose source taxonomy has no name. `failures` are
    records the caller could not even fetch; they are reported as rejections.
    """
    result = ImportResult(dry_run=dry_run, rejections=list(failures))
    planned: list[ServicePlan | tuple[str, str]] = []
    for position, source_record in enumerate(records, 1):
        label = _label(source_record.data, position)
        try:
            planned.append(plan_service(source_record, label))
        except Rejected as error:
            planned.append((label, str(error)))
    catalogue: dict[uuid.UUID, Term] = {}
    for plan in planned:
        if isinstance(plan, ServicePlan):
            for term_id, term in plan.terms.items():
                if term_id not in catalogue or catalogue[term_id].stub:
                    catalogue[term_id] = term
    writer = _Writer(source=source, taxonomy_name=taxonomy_name, catalogue=catalogue)
    for done, plan in enumerate(planned, 1):
        if progress is not None:
            progress(done, len(planned))
        if not isinstance(plan, ServicePlan):
            result.rejections.append(plan)
            continue
        if Service.objects.filter(pk=plan.id, import_fingerprint=plan.fingerprint).exists():
            result.unchanged += 1
            continue
        try:
            with transaction.atomic():
                outcome = writer.write(plan)
                if dry_run:
                    raise _RolledBack(outcome)
        except _RolledBack as rolled_back:
            writer.forget()
            outcome = rolled_back.outcome
        except Rejected as error:
            writer.forget()
            result.rejections.append((plan.source_id, str(error)))
            continue
        except (IntegrityError, DataError) as error:
            writer.forget()
            result.rejections.append((plan.source_id, _database_refused(error)))
            continue
        else:
            writer.keep()
        if outcome == "created":
            result.created += 1
        else:
            result.updated += 1
    if not dry_run:
        record(
            by=None,
            action=AuditAction.DIRECTORY_IMPORT_FINISHED,
            detail={
                "source": source,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "rejected": len(result.rejections),
                "rejections": [
                    {"id": record_id, "reason": reason}
                    for record_id, reason in result.rejections[:MAX_AUDITED_REJECTIONS]
                ],
            },
        )
    return result
