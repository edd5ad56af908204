from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from linkwell.outcomes.instrument_loading import InvalidWordingFile, load_wording

OUTCOMES = {
    "loaded": "Loaded the wording of {instrument}, version {version}: it can now be recorded.",
    "replaced": "Replaced the wording of {instrument} with version {version}.",
    "unchanged": "The wording of {instrument}, version {version}, is already loaded: nothing changed.",
}


class Command(BaseCommand):
    help = (
        "Load the wording of a licensed instrument (SWEMWBS) from a JSON file made from your licensed copy, "
        "so link workers can record it. The format is in the README, under Outcomes. Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The JSON file holding the instrument's wording")

    def handle(self, *args: object, **options: object) -> None:
        path = options["file"]
        assert isinstance(path, Path)
        try:
            content = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from None
        try:
            result = load_wording(content=content, source=path.name)
        except InvalidWordingFile as invalid:
            problems = "\n".join(f"- {problem}" for problem in invalid.problems)
            raise CommandError(f"{path} was not loaded; nothing changed. Problems:\n{problems}") from None
        self.stdout.write(OUTCOMES[result.outcome].format(instrument=result.instrument, version=result.version))
