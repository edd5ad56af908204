"""Keeps a service's derived search columns and full-text row in step with the service and its parts.

Call refresh_search_fields(service) after any write that touches a service or anything under it
(locations, schedules, costs, categories). Actions, the importer and the demo loader all do.
"""

from django.db.models import Prefetch

from linkwell.directory import fulltext
from linkwell.directory.models import (
    Attribute,
    LinkEntity,
    LocationType,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from linkwell.directory.schedules import periods_of, weekdays_of


def category_terms(service: Service) -> list[TaxonomyTerm]:
    """The terms attached to the service, with their ancestors (searching 'sport' finds 'Football')."""
    terms = list(
        TaxonomyTerm.objects.filter(
            attributes__link_entity=LinkEntity.SERVICE, attributes__link_id=service.pk
        ).select_related("parent__parent")
    )
    seen: dict[object, TaxonomyTerm] = {}
    for term in terms:
        node: TaxonomyTerm | None = term
        while node is not None and node.pk not in seen:
            seen[node.pk] = node
            node = node.parent
    return list(seen.values())


def refresh_search_fields(service: Service) -> None:
    service = (
        Service.objects.select_related("organization")
        .prefetch_related(
            Prefetch(
                "service_at_locations",
                queryset=ServiceAtLocation.objects.select_related("location").prefetch_related("location__addresses"),
            ),
            "schedules",
            "cost_options",
            "languages",
        )
        .get(pk=service.pk)
    )
    locations = [link.location for link in service.service_at_locations.all()]
    physical = [location for location in locations if location.location_type == LocationType.PHYSICAL]
    day_mask = 0
    period_mask = 0
    for schedule in service.schedules.all():
        try:
            for weekday in weekdays_of(schedule):
                day_mask |= 1 << weekday
        except ValueError:
            pass  # an unreadable byday from an import: the schedule still shows, it just cannot be filtered
        period_mask |= periods_of(schedule.opens_at, schedule.closes_at)
    words = [
        service.name,
        service.alternate_name,
        service.organization.name,
        service.description,
        " ".join(term.name for term in category_terms(service)),
        " ".join(location.name for location in locations),
        " ".join(address.city for location in locations for address in location.addresses.all()),
        " ".join(language.name for language in service.languages.all()),
    ]
    document = "\n".join(word for word in words if word)
    rowid = fulltext.index_document(search_rowid=service.search_rowid, document=document)
    Service.objects.filter(pk=service.pk).update(
        search_document=document,
        search_rowid=rowid,
        is_free=not any(cost.amount and cost.amount > 0 for cost in service.cost_options.all()),
        in_person=bool(physical),
        online=any(location.location_type == LocationType.VIRTUAL for location in locations),
        wheelchair_accessible=any(location.wheelchair_accessible for location in physical),
        day_mask=day_mask,
        period_mask=period_mask,
    )


def forget_service(service: Service) -> None:
    """Before deleting a service row (imports replacing it), drop its full-text row."""
    fulltext.forget_document(service.search_rowid)
    Attribute.objects.filter(link_entity=LinkEntity.SERVICE, link_id=service.pk).delete()
