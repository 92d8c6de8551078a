"""The official registry: derive a compact file from Etalab's `decoupage-administratif` JSON
files, and read it back. No ORM here; `services.registry_load` writes to the database.

Rules (documented in docs/registry.md):
- régions: the 13 of metropolitan France and the 5 DROM (COM are not régions);
- départements: the 101 of the COG (metropolitan, Corsica's two, the 5 DROM) plus the three
  collectivités d'outre-mer that exercise departmental powers (Saint-Pierre-et-Miquelon,
  Saint-Barthélemy, Saint-Martin);
- EPCI à fiscalité propre: METRO, MET69, CU, CA, CC, with their member communes;
- communes: every `commune-actuelle` with a population, except Saint-Barthélemy and
  Saint-Martin (the same body as their COM, kept as départements) and the uninhabited or
  commune-less territories (TAAF, Clipperton, Wallis-et-Futuna's circonscriptions).
Populations: communes as in communes.json; départements and régions are the sum of their
communes; EPCI their `populationMunicipale` from epci.json.
"""

import csv
import gzip
import io
import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from django.utils.text import slugify

from .models import EPCI_CATEGORIES, Category, commune_category

DATA_DIR = Path(__file__).resolve().parent / "data"
REGISTRY_FILE = DATA_DIR / "registry.csv.gz"
PROVENANCE_FILE = DATA_DIR / "PROVENANCE.json"

REGION_ZONES = {"metro", "drom"}
COM_WITH_DEPARTMENTAL_POWERS = {"975", "977", "978"}
COMMUNES_THAT_ARE_THEIR_COM = {"97701", "97801"}
EXCLUDED_DEPARTEMENT_CODES = {"984", "986", "989"}

NOTES = {
    "departement:75": "Ville de Paris : collectivité à statut particulier, commune et département",
    "departement:69": "Département du Rhône ; la Métropole de Lyon exerce les compétences "
    "départementales sur son territoire",
    "departement:2A": "Circonscription de la Collectivité de Corse (région 94)",
    "departement:2B": "Circonscription de la Collectivité de Corse (région 94)",
    "departement:67": "Collectivité européenne d'Alsace (avec le 68)",
    "departement:68": "Collectivité européenne d'Alsace (avec le 67)",
    "departement:972": "Collectivité territoriale de Martinique (aussi la région 02)",
    "departement:973": "Collectivité territoriale de Guyane (aussi la région 03)",
    "departement:976": "Département de Mayotte, exerce aussi les compétences régionales",
    "departement:975": "Collectivité d'outre-mer aux compétences départementales",
    "departement:977": "Collectivité d'outre-mer aux compétences communales et départementales",
    "departement:978": "Collectivité d'outre-mer aux compétences communales et départementales",
    "region:94": "Collectivité de Corse",
    "region:02": "Collectivité territoriale de Martinique",
    "region:03": "Collectivité territoriale de Guyane",
}


@dataclass(frozen=True, slots=True)
class RegistryRow:
    key: str
    kind: str
    code: str
    name: str
    slug: str
    category: str
    population: int | None
    region: str  # key or ""
    departement: str
    epci: str
    epci_type: str
    siren: str
    postcodes: str
    note: str


COLUMNS = [f.name for f in fields(RegistryRow)]


def _row(kind: str, code: str, name: str, slug: str, category: str, **extra) -> RegistryRow:
    key = f"{kind}:{code}"
    values = {
        "population": None,
        "region": "",
        "departement": "",
        "epci": "",
        "epci_type": "",
        "siren": "",
        "postcodes": "",
        "note": NOTES.get(key, ""),
    } | extra
    return RegistryRow(
        key=key, kind=kind, code=code, name=name, slug=slug, category=category, **values
    )


def derive(source_dir: Path) -> list[RegistryRow]:
    """Derive the registry rows from a directory holding the package's data/*.json."""
    release = _Release(source_dir)
    regions = [r for r in release.load("regions") if r.get("zone") in REGION_ZONES]
    departements = [
        d
        for d in release.load("departements")
        if d.get("zone") in REGION_ZONES or d["code"] in COM_WITH_DEPARTMENTAL_POWERS
    ]
    epcis = release.load("epci")
    communes = release.load("communes")
    keys = _Keys(
        region_codes={r["code"] for r in regions},
        departement_codes={d["code"] for d in departements},
    )
    population_by_dep, population_by_region = _populations(communes)
    region_of_dep = {d["code"]: d["region"] for d in departements}
    return [
        *(_region_row(r, population_by_region) for r in regions),
        *(_departement_row(d, population_by_dep, keys) for d in departements),
        *(_epci_row(e, keys, region_of_dep) for e in epcis),
        *_commune_rows(communes, epcis, keys),
    ]


class _Release:
    """The data directory of one version of the package (given directly or as its parent)."""

    def __init__(self, source_dir: Path):
        source_dir = Path(source_dir)
        if (source_dir / "data").is_dir():
            source_dir = source_dir / "data"
        self.data_dir = source_dir

    def load(self, name: str) -> list[dict]:
        path = self.data_dir / f"{name}.json"
        if not path.exists():
            raise FileNotFoundError(f"{path} is missing: expected the package's data directory")
        return json.loads(path.read_text(encoding="utf-8"))


@dataclass(frozen=True, slots=True)
class _Keys:
    """The registry keys of the régions and départements kept, "" for the others."""

    region_codes: set[str]
    departement_codes: set[str]

    def region(self, code: str) -> str:
        return f"region:{code}" if code in self.region_codes else ""

    def departement(self, code: str) -> str:
        return f"departement:{code}" if code in self.departement_codes else ""


def _populations(communes: list[dict]) -> tuple[dict[str, int], dict[str, int]]:
    """The population of each département and région: the sum of their current communes."""
    population_by_dep: dict[str, int] = defaultdict(int)
    population_by_region: dict[str, int] = defaultdict(int)
    for c in communes:
        if c.get("type") == "commune-actuelle" and c.get("population") is not None:
            population_by_dep[c["departement"]] += c["population"]
            population_by_region[c["region"]] += c["population"]
    return population_by_dep, population_by_region


def _region_row(region: dict, population_by_region: dict[str, int]) -> RegistryRow:
    return _row(
        "region",
        region["code"],
        region["nom"],
        slugify(region["nom"]),
        Category.REGION,
        population=population_by_region[region["code"]],
    )


def _departement_row(d: dict, population_by_dep: dict[str, int], keys: _Keys) -> RegistryRow:
    return _row(
        "departement",
        d["code"],
        d["nom"],
        f"{slugify(d['nom'])}-{d['code'].lower()}",
        Category.DEPARTEMENT,
        population=population_by_dep[d["code"]],
        region=keys.region(d["region"]),
    )


def _epci_row(e: dict, keys: _Keys, region_of_dep: dict[str, str]) -> RegistryRow:
    member_deps = sorted({_departement_of(m["code"]) for m in e["membres"]})
    main_dep = _main_departement(e["membres"])
    return _row(
        "epci",
        e["code"],
        e["nom"],
        f"{slugify(e['nom'])}-{e['code']}",
        EPCI_CATEGORIES[e["type"]],
        population=e.get("populationMunicipale"),
        departement=keys.departement(main_dep),
        region=keys.region(region_of_dep.get(main_dep, "")),
        epci_type=e["type"],
        siren=e["code"],
        note="" if len(member_deps) < 2 else f"Départements : {', '.join(member_deps)}",
    )


def _commune_rows(communes: list[dict], epcis: list[dict], keys: _Keys) -> list[RegistryRow]:
    """Every current, inhabited commune that is not its own COM, with its EPCI."""
    epci_of_commune = {m["code"]: e["code"] for e in epcis for m in e["membres"]}
    rows = []
    for c in communes:
        if not (
            c.get("type") == "commune-actuelle"
            and c.get("population") is not None
            and c["departement"] not in EXCLUDED_DEPARTEMENT_CODES
            and c["code"] not in COMMUNES_THAT_ARE_THEIR_COM
        ):
            continue
        epci_code = epci_of_commune.get(c["code"], "")
        rows.append(
            _row(
                "commune",
                c["code"],
                c["nom"],
                f"{slugify(c['nom'])}-{c['code'].lower()}",
                commune_category(c["population"]),
                population=c["population"],
                departement=keys.departement(c["departement"]),
                region=keys.region(c.get("region", "")),
                epci=f"epci:{epci_code}" if epci_code else "",
                siren=c.get("siren", ""),
                postcodes=" ".join(c.get("codesPostaux", [])),
            )
        )
    return rows


def _departement_of(insee_code: str) -> str:
    return insee_code[:3] if insee_code.startswith("97") else insee_code[:2]


def _main_departement(members: list[dict]) -> str:
    """The département holding most of an EPCI's population."""
    weight: dict[str, int] = defaultdict(int)
    for m in members:
        weight[_departement_of(m["code"])] += m.get("populationMunicipale") or 0
    return max(sorted(weight), key=lambda k: weight[k]) if weight else ""


def write(rows: list[RegistryRow], path: Path = REGISTRY_FILE) -> None:
    """Write the gzipped CSV reproducibly (no timestamp in the gzip header).

    An internal file read back by `read` (csv.DictReader, values as written), not a download:
    it is not escaped for spreadsheets, unlike every file users get (core.csvio.CsvWriter)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        values = asdict(row)
        writer.writerow(["" if values[c] is None else values[c] for c in COLUMNS])
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as handle:
        handle.write(buffer.getvalue().encode("utf-8"))


def read(path: Path = REGISTRY_FILE) -> Iterator[RegistryRow]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        for record in csv.DictReader(handle):
            population = record["population"]
            yield RegistryRow(**(record | {"population": int(population) if population else None}))


def write_provenance(*, version: str, rows: list[RegistryRow]) -> None:
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        counts[row.category] += 1
    PROVENANCE_FILE.write_text(
        json.dumps(
            {
                "package": "@etalab/decoupage-administratif",
                "version": version,
                "licence": "Licence Ouverte / Open Licence 2.0 (données), MIT (code)",
                "source": "INSEE Code officiel géographique, DGCL (EPCI), INSEE populations "
                "légales, via the npm package",
                "derived_by": "observatoire territories build --from DIR --version VERSION",
                "counts_by_category": dict(sorted(counts.items())),
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
