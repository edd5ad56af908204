import uuid
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from linkwell.clients.actions import ApiClientProblem, revoke_api_client
from linkwell.clients.models import ApiClient


class Command(BaseCommand):
    help = "Revoke an API client's token, so it can no longer call the API."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("client_id", help="the client's id, as printed when it was created")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            client_id = uuid.UUID(options["client_id"])
        except ValueError as problem:
            raise CommandError(f"{options['client_id']!r} is not an API client id") from problem
        client = ApiClient.objects.filter(pk=client_id).first()
        if client is None:
            raise CommandError(f"No API client has the id {client_id}")
        try:
            revoke_api_client(client=client, by=None)
        except ApiClientProblem as problem:
            raise CommandError(str(problem)) from problem
        self.stdout.write(f"Revoked API client {client}.")
