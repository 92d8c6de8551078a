from django.core.management.base import BaseCommand

from observatoire.devtools.fakeapi import FakeApi, fakeapi_environment
from observatoire.devtools.server import LoopbackServer


class Command(BaseCommand):
    help = (
        "Servir en local (loopback) les points d'accès des réseaux qu'utilisent les connecteurs, "
        "avec leurs formats officiels, à partir de la base (développement, tests, démo : "
        "sans internet)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument(
            "--rate-limit-every",
            type=int,
            default=0,
            metavar="N",
            help="répondre à une requête sur N par la réponse « trop de requêtes » du réseau",
        )

    def handle(self, *args, **options):
        api = FakeApi(rate_limit_every=options["rate_limit_every"])
        server = LoopbackServer(api, port=options["port"])
        self.stdout.write(
            f"Fake API on {server.url} ({', '.join(api.networks)}). Point the connectors at it:"
        )
        for name, value in fakeapi_environment(server.url, api.networks).items():
            self.stdout.write(f"export {name}={value}")
        self.stdout.flush()
        try:
            server.serve_forever(poll_interval=0.2)
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
