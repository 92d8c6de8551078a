from django.core.management.base import BaseCommand

from observatoire.connectors.fakeapi import FakeApi, fakeapi_environment
from observatoire.connectors.server import LoopbackServer


class Command(BaseCommand):
    help = (
        "Serve on loopback the networks' endpoints the connectors use, answering in their "
        "official shapes from the database (development, tests, demo: no internet needed)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument(
            "--rate-limit-every", type=int, default=0, metavar="N",
            help="answer every Nth request with the network's rate-limit response",
        )  # fmt: skip

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
