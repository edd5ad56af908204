from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from linkwell.matching.evaluation import METHODS, TOP_N, Score, VignetteError, evaluate, load_vignettes


class Command(BaseCommand):
    help = (
        "Score the matching engine on a file of referral vignettes: per-vignette and overall precision, need "
        "coverage in the top N and constraint violations (checked independently). Exits with status 1 if any "
        "suggestion breaks a constraint."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("vignettes", type=Path, help="A JSON file like linkwell/matching/vignettes.json")
        parser.add_argument("--baselines", action="store_true", help="Also score nearest-first and text search.")
        parser.add_argument("--top", type=int, default=TOP_N, help=f"How many suggestions to score (default {TOP_N}).")

    def handle(self, *args: object, vignettes: Path, baselines: bool, top: int, **options: object) -> None:
        try:
            loaded = load_vignettes(vignettes, limit=top)
        except VignetteError as problem:
            raise CommandError(str(problem)) from None
        if not loaded:
            raise CommandError(f"{vignettes} holds no vignettes.")
        methods = list(METHODS) if baselines else ["engine"]
        engine_violations = 0
        for name in methods:
            scores = evaluate(loaded, METHODS[name])
            self._report(name, scores, top)
            if name == "engine":
                engine_violations = sum(len(item.violations) for item in scores)
        if engine_violations:
            raise CommandError(
                f"The engine suggested {engine_violations} services the person cannot use.", returncode=1
            )

    def _report(self, name: str, scores: list[Score], top: int) -> None:
        self.stdout.write(f"\n{name} (top {top})")
        self.stdout.write(f"{'vignette':<10} {'shown':>5} {'precision':>9} {'coverage':>9} {'violations':>10}")
        for item in scores:
            self.stdout.write(
                f"{item.vignette:<10} {item.suggested:>5} {item.precision:>9.2f} {item.coverage:>9.2f} "
                f"{len(item.violations):>10}"
            )
            for violation in item.violations:
                self.stdout.write(f"    violation: {violation}")
        suggested = sum(item.suggested for item in scores)
        fitting = sum(item.fitting for item in scores)
        expected = sum(item.expected for item in scores)
        covered = sum(item.covered for item in scores)
        violations = sum(len(item.violations) for item in scores)
        unverified = sum(item.unverified for item in scores)
        self.stdout.write(
            f"overall: precision {fitting / suggested if suggested else 0:.2f} ({fitting}/{suggested}), "
            f"need coverage {covered / expected if expected else 1:.2f} ({covered}/{expected}), "
            f"violations {violations}, unverified facts {unverified}, "
            f"vignettes with no suggestions {sum(1 for item in scores if not item.suggested)}"
        )
