"""The API's version 1: one NinjaAPI, a router per resource, throttled per client address."""

from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from . import awards, census, methodologies, rankings, territories
from .caching import computed_once
from .openapi import http_documented
from .throttling import AddressThrottle

DESCRIPTION = """
Les données ouvertes de l'Observatoire, en lecture seule : le référentiel des collectivités,
leurs profils sur les réseaux sociaux, les classements mensuels publiés avec leurs indicateurs,
l'explication de chaque score, les méthodologies, le recensement et le palmarès des trophées.

- Identifiants stables : une collectivité est « nature:code » (`departement:32`), un profil
  « réseau:compte », un mois « AAAA-MM ». Dates et heures ISO 8601. Une valeur inconnue est
  `null`, jamais 0.
- Pagination : `page` (à partir de 1) et `page_size` (200 au plus) ; chaque page dit `count`
  et `pages`.
- Limite : des requêtes par adresse et par fenêtre d'horloge (voir docs/api.md) ; au-delà,
  `429` avec `Retry-After` (secondes).
- Cache : `ETag` et `Last-Modified` ; renvoyez `If-None-Match` ou `If-Modified-Since` pour
  un `304`. Tout change à chaque publication.
- CORS ouvert en lecture (`Access-Control-Allow-Origin: *`). Licence Ouverte 2.0.

*English:* the Observatoire's open data, read-only: the registry of collectivités, their
social profiles, the published monthly rankings with their KPIs, each score explained, the
methodologies, the census and the awards' palmarès. Stable ids (`departement:32`,
`network:handle`, months `YYYY-MM`), ISO 8601 dates, `null` for unknown values (never 0);
`page`/`page_size` pagination; throttled per address with `429` + `Retry-After`; `ETag` /
`Last-Modified` for conditional requests (`304`), changed by each publication; CORS open for
GET. Licence Ouverte 2.0.
"""


class OpenDataApi(NinjaAPI):
    def get_openapi_schema(self, **kwargs):
        return http_documented(super().get_openapi_schema(**kwargs))


api = OpenDataApi(
    title="Observatoire — API des données ouvertes (open data API)",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    docs=Swagger(settings={"validatorUrl": None, "defaultModelsExpandDepth": 0}),
    docs_url=None,  # served at /api/docs (api_urls.py)
    docs_decorator=computed_once,  # the schema at /api/v1/openapi.json
    throttle=AddressThrottle(),
)
api.add_router("/territories", territories.router)
api.add_router("/rankings", rankings.router)
api.add_router("", methodologies.router)
api.add_router("/census", census.router)
api.add_router("/awards", awards.router)
