"""Who sees which measures: those of the cases the user may see. A measure is always reached through its
case, which comes through casework.access (scoped to the case's team, every showing audited), so a measure
in another team's case is as missing as one that does not exist."""

import uuid

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404

from linkwell.casework.models import Case
from linkwell.outcomes.models import MeasureResponse


def measures_in_case(case: Case) -> QuerySet[MeasureResponse]:
    """`case` must come from casework.access."""
    return MeasureResponse.objects.filter(case=case).select_related("recorded_by")


def get_measure_in_case(case: Case, measure_id: uuid.UUID | str) -> MeasureResponse:
    try:
        return measures_in_case(case).get(pk=measure_id)
    except (MeasureResponse.DoesNotExist, ValidationError):
        raise Http404("No such measure") from None
