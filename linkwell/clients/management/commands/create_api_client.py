from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from linkwell.accounts.models import Organisation
from linkwell.clients.actions import ApiClientProblem, create_api_client


class Command(BaseCommand):
    help = "Create an API client for an organisation and print its bearer token, once."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--organisation", required=True, help="the organisation's slug")
        parser.add_argument("--name", required=True, help="a label saying which system holds the token")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"No organisation has the slug {options['organisation']!r}")
        try:
            client, token = create_api_client(organisation=organisation, label=options["name"], by=None)
        except ApiClientProblem as problem:
            raise CommandError(str(problem)) from problem
        self.stdout.write(f"Created API client {client.id} ({client.label}) for {organisation.name}.")
        self.stdout.write(self.style.WARNING("Store this token now: it is shown only once and cannot be recovered."))
        self.stdout.write(token)
