import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from linkwell.oruk import filters, serializers

# Services are loaded this many at a time, which keeps each prefetch's IN (...) list a modest size.
CHUNK = 500


class Command(BaseCommand):
    help = (
        "Write every published service as Open Referral UK 3.0 JSON: one Page whose contents are fully "
        "nested services, the shape /oruk/services?full=true serves."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Where to write the JSON (UTF-8); - for standard output.")

    def handle(self, *args: object, file: str, **options: object) -> None:
        services = filters.published_services()
        ids = list(services.values_list("pk", flat=True))
        contents: list[serializers.Json] = []
        for start in range(0, len(ids), CHUNK):
            loaded, attributes = filters.load_full_services(services.filter(pk__in=ids[start : start + CHUNK]))
            contents.extend(serializers.full_service(service, attributes) for service in loaded)
        # One page holds everything, so per_page is the whole count (at least 1: an empty page is still a page).
        document = serializers.page(contents, total_items=len(contents), page_number=1, per_page=max(1, len(contents)))
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
        if file == "-":
            self.stdout.write(text, ending="")
            where = "standard output"
        else:
            try:
                Path(file).write_text(text, encoding="utf-8")
            except OSError as error:
                raise CommandError(f"Could not write {file}: {error.strerror or error}") from None
            where = file
        self.stderr.write(
            f"Exported {len(contents)} published services (Open Referral UK 3.0, fully nested) to {where}.",
            style_func=self.style.SUCCESS,
        )
