import uuid
from typing import Any

from django import forms

from linkwell.directory.models import TaxonomyTerm
from linkwell.directory.postcodes import LocationNotFound, locate
from linkwell.directory.schedules import WEEKDAY_NAMES
from linkwell.directory.search import SORT_DISTANCE, SORT_NAME, SORT_RELEVANCE, DirectoryQuery, Origin
from linkwell.directory.taxonomy import TAXONOMY_ID
from linkwell.lib.postcodes import outward_code

RADIUS_CHOICES = [("1", "1 km"), ("2", "2 km"), ("5", "5 km"), ("10", "10 km"), ("20", "20 km"), ("50", "50 km")]
TIME_CHOICES = [
    ("morning", "Morning (before midday)"),
    ("afternoon", "Afternoon (midday to 5pm)"),
    ("evening", "Evening (after 5pm)"),
    ("weekend", "Weekend"),
]
DELIVERY_CHOICES = [("", "In person or online"), ("in_person", "In person"), ("online", "Online or by phone")]
SORT_CHOICES = [(SORT_RELEVANCE, "Best match"), (SORT_DISTANCE, "Nearest first"), (SORT_NAME, "Name (A to Z)")]


def category_choices() -> list[tuple[str, str]]:
    terms = TaxonomyTerm.objects.filter(taxonomy_id=TAXONOMY_ID).select_related("parent")
    top = sorted((term for term in terms if term.parent is None), key=lambda term: term.name)
    children: dict[object, list[TaxonomyTerm]] = {}
    for term in terms:
        if term.parent_id:
            children.setdefault(term.parent_id, []).append(term)
    choices = [("", "Any category")]
    for parent in top:
        choices.append((str(parent.pk), parent.name))
        choices.extend(
            (str(child.pk), f"{parent.name}: {child.name}")
            for child in sorted(children.get(parent.pk, []), key=lambda t: t.name)
        )
    return choices


class DirectorySearchForm(forms.Form):
    q = forms.CharField(
        label="What are you looking for?",
        required=False,
        max_length=200,
        help_text="For example, walking group, debt advice or art class",
    )
    category = forms.ChoiceField(label="Category", required=False)
    location = forms.CharField(
        label="Postcode or town", required=False, max_length=100, help_text="For example, CM1 1AA or Colchester"
    )
    radius = forms.ChoiceField(label="Distance", required=False, choices=RADIUS_CHOICES, initial="5")
    days = forms.MultipleChoiceField(
        label="Day",
        required=False,
        choices=[(str(index), name) for index, name in enumerate(WEEKDAY_NAMES)],
        widget=forms.CheckboxSelectMultiple,
    )
    times = forms.MultipleChoiceField(
        label="Time", required=False, choices=TIME_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    free = forms.BooleanField(label="Free only", required=False)
    wheelchair = forms.BooleanField(label="Wheelchair accessible", required=False)
    delivery = forms.ChoiceField(label="How it is offered", required=False, choices=DELIVERY_CHOICES)
    sort = forms.ChoiceField(label="Sort by", required=False, choices=SORT_CHOICES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices()  # type: ignore[attr-defined]
        self.fields["category"].error_messages["invalid_choice"] = "Choose a category from the list"
        self.fields["radius"].error_messages["invalid_choice"] = "Choose a distance from the list"
        self.origin: Origin | None = None

    def clean_location(self) -> str:
        text = " ".join(self.cleaned_data["location"].split())
        if text:
            try:
                point = locate(text)
            except LocationNotFound as problem:
                raise forms.ValidationError(str(problem)) from None
            self.origin = Origin(
                latitude=point.latitude,
                longitude=point.longitude,
                label=point.label,
                approximate=outward_code(point.label) if point.precision == "district" and " " in point.label else "",
            )
        return text

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("sort") == SORT_DISTANCE and not cleaned.get("location") and "location" not in self.errors:
            self.add_error("location", "Enter a postcode or town to sort by distance")
        return cleaned

    def query(self) -> DirectoryQuery:
        data = self.cleaned_data
        return DirectoryQuery(
            words=data["q"],
            category_ids=(uuid.UUID(data["category"]),) if data["category"] else (),
            origin=self.origin,
            radius_km=float(data["radius"] or 5) if self.origin else None,
            days=frozenset(int(day) for day in data["days"]),
            times=frozenset(data["times"]),
            free_only=data["free"],
            wheelchair=data["wheelchair"],
            delivery=data["delivery"],
            sort=data["sort"] or (SORT_DISTANCE if self.origin and not data["q"] else SORT_RELEVANCE),
        )
