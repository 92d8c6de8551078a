"""CSV import of profiles (`observatoire import profiles`): all or nothing, idempotent,
through profiles_upsert; a status is read by the one status rule of profiles.services."""

from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from observatoire.core.cells import RowError, parse_bool, parse_date, parse_identifier
from observatoire.core.imports import ImportReport, import_run
from observatoire.territories.models import Territory

from .models import Network, Profile, normalize_handle
from .services import ProfileRow, profile_status_resolve, profiles_upsert

# unavailable_since: optional, an unreachable profile's breaking date (empty: unknown).
PROFILE_COLUMNS = [
    "territory",
    "network",
    "handle",
    "principal",
    "status",
    "url",
    "unavailable_since",
]
HANDLE_LENGTH = Profile._meta.get_field("handle").max_length
URL_LENGTH = Profile._meta.get_field("url").max_length
NETWORKS = frozenset(Network.values)  # Network.values rebuilds a list at every call
# What the import keeps of a profile already stored (the file does not carry it).
KEPT_FIELDS = ["external_id", "display_name", "label", "is_demo"]


def parse_network(value: str) -> str:
    network = value.strip().lower()
    if network not in NETWORKS:
        raise RowError(
            _("network : réseau inconnu « %(val)s » (attendu : %(choices)s)")
            % {"val": value, "choices": ", ".join(Network.values)}
        )
    return network


def _handle(record: dict, network: str) -> str:
    handle = record["handle"].strip().lstrip("@").strip()
    if not handle:
        raise RowError(_("handle : identifiant vide"))
    parse_identifier(handle, "handle", max_length=HANDLE_LENGTH, forbidden='<>"')
    # The lowercase key may be longer than the handle (İ → i̇) and has the same column size.
    parse_identifier(normalize_handle(handle), "handle", max_length=HANDLE_LENGTH)
    if network == Network.MASTODON and "@" not in handle:
        raise RowError(_("handle : un compte Mastodon s'écrit utilisateur@instance"))
    return handle


def _status(record: dict) -> str:
    status = (record.get("status") or "").strip().lower() or Profile.Status.ACTIVE
    if status not in Profile.Status.values:
        raise RowError(
            _("status : statut inconnu « %(val)s » (attendu : %(choices)s)")
            % {"val": status, "choices": ", ".join(Profile.Status.values)}
        )
    return status


def _since(record: dict, status: str) -> date | None:
    """The file's breaking date, allowed for an unreachable profile only (empty: unknown)."""
    text = (record.get("unavailable_since") or "").strip()
    since = parse_date(text, "unavailable_since") if text else None
    if since and status != Profile.Status.UNAVAILABLE:
        message = _(
            "unavailable_since : une date n'est permise que pour le statut unavailable "
            "(statut « %(status)s »)"
        )
        raise RowError(message % {"status": status})
    return since


def _url(record: dict, validate) -> str:
    url = (record.get("url") or "").strip()
    if url:
        try:
            parse_identifier(url, "url", max_length=URL_LENGTH, forbidden='<>"')
            validate(url)
        except ValidationError:
            raise RowError(_("url : adresse invalide « %(val)s »") % {"val": url}) from None
    return url


class _Reader:
    """Reads one row of the file into a ProfileRow, against the registry and the profiles
    already stored (a status the file leaves without reason or date keeps those known)."""

    def __init__(self, existing: dict[tuple[str, str], Profile]):
        self.territories = dict(Territory.objects.values_list("key", "id"))
        self.existing = existing
        self.validate_url = URLValidator(schemes=["http", "https"])

    def __call__(self, line: int, record: dict) -> ProfileRow:
        key = record["territory"].strip()
        if key not in self.territories:
            raise RowError(_("territory : collectivité inconnue « %(key)s »") % {"key": key})
        network = parse_network(record["network"])
        handle = _handle(record, network)
        principal = parse_bool(record.get("principal", ""), "principal", default=True)
        status = _status(record)
        url = _url(record, self.validate_url)
        previous = self.existing.get((network, normalize_handle(handle)))
        status, reason, since = profile_status_resolve(
            status=status, since=_since(record, status), stored=previous
        )
        kept = {name: getattr(previous, name) for name in KEPT_FIELDS} if previous else {}
        return ProfileRow(
            territory_id=self.territories[key],
            network=network,
            handle=handle,
            is_principal=principal,
            status=status,
            url=url,
            unavailable_reason=reason,
            unavailable_since=since,
            **kept,
        )


def _duplicates(rows: list[tuple[int, ProfileRow]]) -> list[tuple[int, str]]:
    errors, seen = [], {}
    for line, row in rows:
        key = (row.network, normalize_handle(row.handle))
        if key in seen:
            message = _("handle : profil déjà présent ligne %(line)d") % {"line": seen[key]}
            errors.append((line, message))
        seen[key] = line
    return errors


def _principals(
    rows: list[tuple[int, ProfileRow]], existing: dict[tuple[str, str], Profile]
) -> list[tuple[int, str]]:
    """Principal profiles once the file is applied: the file's rows override the database."""
    in_file = {(row.network, normalize_handle(row.handle)) for _line, row in rows}
    principal: dict[tuple[int, str], tuple[int | None, str]] = {}
    for (network, handle), profile in existing.items():
        if profile.is_principal and (network, handle) not in in_file:
            principal[(profile.territory_id, network)] = (None, handle)
    errors = []
    for line, row in rows:
        if not row.is_principal:
            continue
        slot = (row.territory_id, row.network)
        if slot not in principal:
            principal[slot] = (line, normalize_handle(row.handle))
            continue
        other_line, other = principal[slot]
        where = _("ligne %(line)d") % {"line": other_line} if other_line else _("déjà en base")
        message = _(
            "principal : deux profils principaux sur %(network)s pour cette collectivité "
            "(@%(other)s, %(where)s)"
        )
        errors.append((line, message % {"network": row.network, "other": other, "where": where}))
    return errors


def profiles_import(*, path: Path, progress: bool = True) -> ImportReport:
    fields = [
        "id",
        "territory_id",
        "network",
        "handle_key",
        "is_principal",
        "status",
        "unavailable_reason",
        "unavailable_since",
        *KEPT_FIELDS,
    ]
    existing = {(p.network, p.handle_key): p for p in Profile.objects.only(*fields)}

    def check(rows: list[tuple[int, ProfileRow]]) -> list[tuple[int, str]]:
        return _duplicates(rows) + _principals(rows, existing)

    return import_run(
        kind="profiles",
        path=path,
        columns=PROFILE_COLUMNS,
        required=["territory", "network", "handle"],
        parse=_Reader(existing),
        write=lambda batch: profiles_upsert(rows=batch),
        check=check,
        progress=progress,
    )
