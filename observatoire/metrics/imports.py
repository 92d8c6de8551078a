"""CSV imports of profiles, snapshots and posts: all or nothing, streamed, idempotent.

Every row is validated; if any row is bad nothing is written (one transaction, rolled back)
and every bad row is reported with its line number. Writes go through the same upsert
services as the collectors, so importing a file twice changes nothing.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from observatoire.core.csvio import (
    RowError,
    iter_rows,
    parse_bool,
    parse_count,
    parse_date,
    parse_datetime,
    parse_identifier,
    parse_required_count,
)
from observatoire.core.models import JobRun
from observatoire.core.services import job_run
from observatoire.core.values import hashtags_in
from observatoire.profiles.models import Network, Profile, normalize_handle
from observatoire.profiles.services import ProfileRow, profiles_upsert
from observatoire.territories.models import Territory

from .models import Post
from .services import PostRow, SnapshotRow, posts_upsert, snapshots_upsert

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
SNAPSHOT_COLUMNS = ["network", "handle", "date", "followers", "following", "posts_count"]
POST_COLUMNS = ["network", "handle", "post_id", "published_at", "likes", "comments", "shares",
                "saves", "views", "text"]  # fmt: skip
HANDLE_LENGTH = Profile._meta.get_field("handle").max_length
URL_LENGTH = Profile._meta.get_field("url").max_length
POST_ID_LENGTH = Post._meta.get_field("external_id").max_length
BATCH_SIZE = 2000


@dataclass
class ImportReport:
    kind: str
    rows: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportRejected(Exception):
    def __init__(self, report: ImportReport):
        self.report = report
        super().__init__(_("%(n)d ligne(s) en erreur") % {"n": len(report.errors)})


class _Rollback(Exception):
    pass


def _run(
    *, kind: str, path: Path, columns: list[str], required: list[str],
    parse: Callable[[int, dict], object], write: Callable[[list], None],
    check: Callable[[list[tuple[int, object]]], list[tuple[int, str]]] | None = None,
    progress: bool = True, batch_size: int = BATCH_SIZE,
) -> ImportReport:  # fmt: skip
    """Validate and write in batches inside one transaction; roll back if any row is bad.

    With `check` (cross-row rules), rows are kept until the end and checked together.
    """
    report = ImportReport(kind=kind)
    with job_run(kind=JobRun.Kind.IMPORT, name=f"Import {kind}",
                 arguments={"file": str(path)}) as run:  # fmt: skip
        try:
            with transaction.atomic():
                batch: list = []
                kept: list[tuple[int, object]] = []
                for line, record in iter_rows(path, allowed=columns, required=required,
                                              progress=progress):  # fmt: skip
                    report.rows += 1
                    try:
                        if "__error__" in record:
                            raise RowError(record["__error__"])
                        item = parse(line, record)
                    except RowError as exc:
                        report.errors.append((line, str(exc)))
                        continue
                    if check is not None:
                        kept.append((line, item))
                    elif not report.errors:
                        batch.append(item)
                        if len(batch) >= batch_size:
                            write(batch)
                            batch = []
                if check is not None:
                    report.errors.extend(check(kept))
                    batch = [item for _line, item in kept]
                if report.errors:
                    raise _Rollback
                if batch:
                    write(batch)
        except _Rollback:
            pass
        run.count("rows", report.rows)
        if report.errors:
            report.errors.sort()
            for line, message in report.errors:
                run.error(kind="invalid_row", subject=f"{path.name}:{line}", message=message)
            run.finish(status=JobRun.Status.FAILED,
                       message=_("Import annulé : rien n'a été écrit."))  # fmt: skip
        else:
            run.count("written", report.rows)
    if report.errors:
        raise ImportRejected(report)
    return report


def _profile_lookup() -> dict[tuple[str, str], int]:
    return {(n, h): pk for pk, n, h in Profile.objects.values_list("id", "network", "handle_key")}


NETWORKS = frozenset(Network.values)  # Network.values rebuilds a list at every call


def _network(value: str) -> str:
    network = value.strip().lower()
    if network not in NETWORKS:
        raise RowError(
            _("network : réseau inconnu « %(val)s » (attendu : %(choices)s)")
            % {"val": value, "choices": ", ".join(Network.values)}
        )
    return network


def _profile_id(lookup: dict, record: dict) -> int:
    network = _network(record["network"])
    handle = normalize_handle(record["handle"])
    try:
        return lookup[(network, handle)]
    except KeyError:
        raise RowError(
            _("handle : profil inconnu %(network)s @%(handle)s (importez d'abord les profils)")
            % {"network": network, "handle": handle}
        ) from None


# --- profiles -------------------------------------------------------------------------


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


def _unavailable(record: dict, status: str, previous: Profile | None) -> tuple[str, date | None]:
    """(reason, since) of an unreachable profile. Without a date in the file the date the
    database knows is kept; otherwise it is unknown (None: never ranked, see methodology)."""
    text = (record.get("unavailable_since") or "").strip()
    since = parse_date(text, "unavailable_since") if text else None
    if since and status != Profile.Status.UNAVAILABLE:
        message = _(
            "unavailable_since : une date n'est permise que pour le statut unavailable "
            "(statut « %(status)s »)"
        )
        raise RowError(message % {"status": status})
    if status != Profile.Status.UNAVAILABLE:
        return "", None
    if previous and previous.status == status:
        reason = previous.unavailable_reason or Profile.UnavailableReason.OTHER
        return reason, since or previous.unavailable_since
    return Profile.UnavailableReason.OTHER, since


def profiles_import(*, path: Path, progress: bool = True) -> ImportReport:
    territories = dict(Territory.objects.values_list("key", "id"))
    existing = {
        (p.network, p.handle_key): p
        for p in Profile.objects.only(
            "id", "territory_id", "network", "handle_key", "is_principal", "status",
            "unavailable_reason", "unavailable_since", "external_id", "display_name", "label",
            "is_demo",
        )
    }  # fmt: skip
    validate_url = URLValidator(schemes=["http", "https"])

    def parse(line: int, record: dict) -> ProfileRow:
        key = record["territory"].strip()
        if key not in territories:
            raise RowError(_("territory : collectivité inconnue « %(key)s »") % {"key": key})
        network = _network(record["network"])
        handle = _handle(record, network)
        principal = parse_bool(record.get("principal", ""), "principal", default=True)
        status = _status(record)
        url = (record.get("url") or "").strip()
        if url:
            try:
                parse_identifier(url, "url", max_length=URL_LENGTH, forbidden='<>"')
                validate_url(url)
            except ValidationError:
                raise RowError(_("url : adresse invalide « %(val)s »") % {"val": url}) from None
        previous = existing.get((network, normalize_handle(handle)))
        reason, since = _unavailable(record, status, previous)
        return ProfileRow(
            territory_id=territories[key], network=network, handle=handle,
            is_principal=principal, status=status, url=url,
            external_id=previous.external_id if previous else "",
            display_name=previous.display_name if previous else "",
            label=previous.label if previous else "",
            is_demo=previous.is_demo if previous else False,
            unavailable_reason=reason, unavailable_since=since,
        )  # fmt: skip

    def check(rows: list[tuple[int, ProfileRow]]) -> list[tuple[int, str]]:
        errors = []
        seen: dict[tuple[str, str], int] = {}
        for line, row in rows:
            key = (row.network, normalize_handle(row.handle))
            if key in seen:
                errors.append((line, _("handle : profil déjà présent ligne %(line)d")
                               % {"line": seen[key]}))  # fmt: skip
            seen[key] = line
        # Principal profiles once the file is applied: the file's rows override the database.
        principal: dict[tuple[int, str], tuple[int | None, str]] = {}
        for (network, handle), profile in existing.items():
            if profile.is_principal and (network, handle) not in seen:
                principal[(profile.territory_id, network)] = (None, handle)
        for line, row in rows:
            if not row.is_principal:
                continue
            slot = (row.territory_id, row.network)
            if slot in principal:
                other_line, other = principal[slot]
                where = (
                    (_("ligne %(line)d") % {"line": other_line})
                    if other_line
                    else _("déjà en base")
                )
                errors.append((line, _(
                    "principal : deux profils principaux sur %(network)s pour cette collectivité "
                    "(@%(other)s, %(where)s)"
                ) % {"network": row.network, "other": other, "where": where}))  # fmt: skip
            else:
                principal[slot] = (line, normalize_handle(row.handle))
        return errors

    return _run(kind="profiles", path=path, columns=PROFILE_COLUMNS,
                required=["territory", "network", "handle"], parse=parse,
                write=lambda batch: profiles_upsert(rows=batch), check=check,
                progress=progress)  # fmt: skip


# --- snapshots ------------------------------------------------------------------------


def snapshots_import(*, path: Path, progress: bool = True) -> ImportReport:
    lookup = _profile_lookup()

    def parse(line: int, record: dict) -> SnapshotRow:
        return SnapshotRow(
            profile_id=_profile_id(lookup, record),
            date=parse_date(record["date"], "date"),
            followers=parse_required_count(record["followers"], "followers"),
            following=parse_count(record.get("following", ""), "following"),
            posts_count=parse_count(record.get("posts_count", ""), "posts_count"),
        )

    return _run(kind="snapshots", path=path, columns=SNAPSHOT_COLUMNS,
                required=["network", "handle", "date", "followers"], parse=parse,
                write=lambda batch: snapshots_upsert(rows=batch), progress=progress)  # fmt: skip


# --- posts ----------------------------------------------------------------------------


def posts_import(*, path: Path, progress: bool = True) -> ImportReport:
    lookup = _profile_lookup()

    def parse(line: int, record: dict) -> PostRow:
        profile_id = _profile_id(lookup, record)
        post_id = record["post_id"].strip()
        if not post_id:
            raise RowError(_("post_id : valeur obligatoire"))
        parse_identifier(post_id, "post_id", max_length=POST_ID_LENGTH)
        text = record.get("text", "")
        counts = {c: parse_count(record.get(c, ""), c)
                  for c in ("likes", "comments", "shares", "saves", "views")}  # fmt: skip
        return PostRow(
            profile_id=profile_id, external_id=post_id,
            published_at=parse_datetime(record["published_at"], "published_at"),
            text=text, hashtags=hashtags_in(text), **counts,
        )  # fmt: skip

    return _run(kind="posts", path=path, columns=POST_COLUMNS,
                required=["network", "handle", "post_id", "published_at"], parse=parse,
                write=lambda batch: posts_upsert(rows=batch), progress=progress)  # fmt: skip


IMPORTERS: dict[str, Callable[..., ImportReport]] = {
    "profiles": profiles_import,
    "snapshots": snapshots_import,
    "posts": posts_import,
}


def import_file(*, kind: str, path: Path, progress: bool = True) -> ImportReport:
    return IMPORTERS[kind](path=path, progress=progress)


__all__: Iterable[str] = ["IMPORTERS", "ImportRejected", "ImportReport", "import_file"]
