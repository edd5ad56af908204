import json
from datetime import time
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from linkwell.directory.models import Service
from linkwell.directory.tests.builders import CHELMSFORD, make_service
from linkwell.matching import evaluation
from linkwell.matching.checker import check
from linkwell.matching.evaluation import load_vignettes, score
from linkwell.matching.types import Availability, PersonFacts, Point, Preferences
from linkwell.referrals.needs import Need

pytestmark = pytest.mark.django_db

BEREAVEMENT = (("Bereavement support groups", "Bereavement"),)
HERE = Point(*CHELMSFORD)
VIGNETTE: dict[str, object] = {
    "id": "t1",
    "text": "Grieving since her husband died",
    "location": {"latitude": CHELMSFORD[0], "longitude": CHELMSFORD[1]},
    "person": {"age": 70, "gender": "female"},
    "preferences": {"max_distance_km": 10, "free_only": True},
    "expected_needs": ["bereavement"],
}


def write(tmp_path: Path, vignettes: list[dict[str, object]]) -> Path:
    path = tmp_path / "vignettes.json"
    path.write_text(json.dumps({"vignettes": vignettes}))
    return path


@pytest.mark.parametrize(
    ("planted", "preferences", "expected"),
    [
        ({"cost": Decimal("4")}, Preferences(free_only=True), "charges"),
        ({"at": (51.89, 0.90)}, Preferences(max_distance_km=10), "further than 10 km"),
        ({"at": None, "online": True}, Preferences(no_online=True), "online only"),
        ({}, Preferences(wheelchair_access=True), "no step-free venue in reach"),
        (
            {"byday": "WE", "opens": time(10), "closes": time(12)},
            Preferences(availability=frozenset({Availability.WEEKENDS})),
            "not at a time that suits",
        ),
    ],
)
def test_the_checker_catches_a_planted_violation(planted, preferences, expected) -> None:
    service = make_service("Planted", categories=BEREAVEMENT, **planted)
    verdict = check(service.pk, person=PersonFacts(age=70, gender="female"), preferences=preferences, location=HERE)
    assert verdict.violations == [expected]


def test_the_checker_reads_ages_audience_and_capacity_itself() -> None:
    service = make_service("Planted", categories=BEREAVEMENT)
    Service.objects.filter(pk=service.pk).update(
        maximum_age=18, capacity_status="full", eligibility_description="Women only."
    )
    verdict = check(service.pk, person=PersonFacts(age=70, gender="male"), preferences=Preferences(), location=HERE)
    assert verdict.violations == ["full", "too old: 70 > 18", "for women only"]


def test_score_counts_precision_coverage_and_violations(tmp_path: Path) -> None:
    fitting = make_service("Bereavement café", categories=BEREAVEMENT)
    paid = make_service("Paid walk", categories=(("Walking groups", "Physical activity"),), cost=Decimal("5"))
    [vignette] = load_vignettes(write(tmp_path, [VIGNETTE]))
    result = score(vignette, [fitting.pk, paid.pk])
    assert (result.precision, result.coverage) == (0.5, 1.0)
    assert result.violations == [f"{paid.pk}: charges"]


def test_eval_command_passes_when_the_engine_breaks_nothing(tmp_path: Path, capsys) -> None:
    make_service("Bereavement café", categories=BEREAVEMENT)
    make_service("Paid group", categories=BEREAVEMENT, cost=Decimal("5"))
    call_command("eval_matching", str(write(tmp_path, [VIGNETTE])), "--baselines")
    output = capsys.readouterr().out
    assert "overall: precision 1.00 (1/1), need coverage 1.00 (1/1), violations 0" in output
    assert "nearest first" in output
    assert "text search" in output


def test_eval_command_exits_1_when_a_suggestion_breaks_a_constraint(tmp_path: Path, monkeypatch) -> None:
    paid = make_service("Paid group", categories=BEREAVEMENT, cost=Decimal("5"))
    monkeypatch.setitem(evaluation.METHODS, "engine", lambda request: [paid.pk])
    with pytest.raises(CommandError) as failure:
        call_command("eval_matching", str(write(tmp_path, [VIGNETTE])))
    assert failure.value.returncode == 1


def test_a_bad_vignette_file_names_the_problem(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="vignette t1: expected needs must be need codes or category names"):
        call_command("eval_matching", str(write(tmp_path, [{**VIGNETTE, "expected_needs": ["cheer"]}])))


def test_the_shipped_vignettes_cover_every_need() -> None:
    data = json.loads(Path(evaluation.__file__).with_name("vignettes.json").read_text())
    assert len(data["vignettes"]) >= 40
    expected = {need for vignette in data["vignettes"] for need in vignette["expected_needs"]}
    assert expected >= set(Need.values) - {Need.OTHER}
