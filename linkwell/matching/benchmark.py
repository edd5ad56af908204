"""`linkwell bench_matching`: recommendation time over a large synthetic directory.

The directory comes from directory.benchmark.generate (the same generator as bench_directory). Requests
mix the evaluation vignettes' texts with places near the generated towns and varied constraints, so the
timings cover the whole path as a web process runs it: the version query (at most every
index.RECHECK_SECONDS), understanding, constraints and ranking.
"""

import json
import random
import statistics
import time as clock
from dataclasses import dataclass
from pathlib import Path

from linkwell.directory.benchmark import percentile, towns
from linkwell.matching.engine import recommend
from linkwell.matching.index import current_index, forget_index
from linkwell.matching.types import Availability, MatchRequest, PersonFacts, Point, Preferences

VIGNETTES = Path(__file__).with_name("vignettes.json")
GENERATOR_SEED = 20261122


@dataclass(frozen=True)
class MatchingTiming:
    build_seconds: float
    services_indexed: int
    requests: int
    p50_ms: float
    p95_ms: float
    max_ms: float
    mean_suggestions: float


def requests(count: int, *, seed: int = 11) -> list[MatchRequest]:
    rng = random.Random(seed)  # noqa: S311  # synthetic requests, not security
    # The generator draws its towns first from a Random seeded like this, so these are its towns.
    centres = towns(random.Random(GENERATOR_SEED))  # noqa: S311
    texts = [item["text"] for item in json.loads(VIGNETTES.read_text())["vignettes"]]
    made = []
    for _ in range(count):
        town = rng.choice(centres)
        made.append(
            MatchRequest(
                text=rng.choice(texts),
                location=Point(town.latitude + rng.gauss(0, 0.03), town.longitude + rng.gauss(0, 0.05)),
                person=PersonFacts(age=rng.randint(16, 90), gender=rng.choice(["female", "male", None])),
                preferences=Preferences(
                    max_distance_km=rng.choice([None, 5, 10, 20]),
                    wheelchair_access=rng.random() < 0.3,
                    no_online=rng.random() < 0.3,
                    free_only=rng.random() < 0.3,
                    availability=frozenset(rng.sample(list(Availability), rng.choice([0, 0, 1, 2]))),
                ),
            )
        )
    return made


def measure(count: int) -> MatchingTiming:
    forget_index()
    started = clock.perf_counter()
    index = current_index()
    build_seconds = clock.perf_counter() - started
    batch = requests(count)
    recommend(batch[0])  # builds the lexicon matchers once, as the first request in a process would
    timings, shown = [], []
    for request in batch:
        started = clock.perf_counter()
        result = recommend(request)
        timings.append((clock.perf_counter() - started) * 1000)
        shown.append(len(result.suggestions))
    return MatchingTiming(
        build_seconds=build_seconds,
        services_indexed=len(index.services),
        requests=count,
        p50_ms=statistics.median(timings),
        p95_ms=percentile(timings, 0.95),
        max_ms=max(timings),
        mean_suggestions=statistics.mean(shown),
    )
