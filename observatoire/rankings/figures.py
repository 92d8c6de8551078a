"""The month's figures of every principal profile, read in one query for the ranking."""

from __future__ import annotations

import datetime

from django.db import connection

# One row per principal profile: its territory, its latest snapshot in the window (index
# seeks on (profile, date), never a scan of the history) and its post rollups summed
# over the window. SQLite has no LATERAL: the latest date comes from a subquery.
# Reachability is judged at the reading date D, so recomputing a month later gives the same
# result: a profile that broke after D was reachable at D (unknown breaking date: unreachable).
_MONTH_SELECT = """
SELECT p.id, p.network,
       CASE WHEN p.status = 'active' OR (p.status = 'unavailable'
            AND p.unavailable_since IS NOT NULL AND p.unavailable_since > %s)
       THEN 'active' ELSE p.status END AS status,
       p.territory_id, t.category, t.population, t.region_id,
       t.kind, s.followers, s.following, r.posts, r.interactions
FROM profiles_profile p
JOIN territories_territory t ON t.id = p.territory_id
{snapshot}
LEFT JOIN (
    SELECT profile_id, CAST(SUM(posts) AS BIGINT) AS posts,
           CAST(SUM(interactions) AS BIGINT) AS interactions
    FROM metrics_postdailyrollup WHERE day >= %s AND day <= %s GROUP BY profile_id
) r ON r.profile_id = p.id
WHERE p.is_principal
"""
MONTH_SQL = _MONTH_SELECT.format(
    snapshot="""LEFT JOIN metrics_snapshot s ON s.profile_id = p.id AND s.date = (
    SELECT MAX(s2.date) FROM metrics_snapshot s2
    WHERE s2.profile_id = p.id AND s2.date >= %s AND s2.date <= %s)"""
)
MONTH_SQL_POSTGRESQL = _MONTH_SELECT.format(
    snapshot="""LEFT JOIN LATERAL (
    SELECT followers, following FROM metrics_snapshot
    WHERE profile_id = p.id AND date >= %s AND date <= %s ORDER BY date DESC LIMIT 1
) s ON TRUE"""
)
MONTH_COLUMNS = (
    *("id", "network", "status", "territory_id", "category", "population", "region_id"),
    *("kind", "followers", "following", "posts", "interactions"),
)


def month_figures_read(*, first: datetime.date, last: datetime.date) -> dict[str, list]:
    """MONTH_COLUMNS name -> values, one per principal profile, for the window [first, last]
    (last = the reading date)."""
    sql = MONTH_SQL_POSTGRESQL if connection.vendor == "postgresql" else MONTH_SQL
    with connection.cursor() as cursor:
        cursor.execute(sql, [last, first, last, first, last])
        rows = cursor.fetchall()
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(MONTH_COLUMNS)
    return dict(zip(MONTH_COLUMNS, (list(c) for c in columns), strict=True))
