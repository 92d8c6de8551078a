"""Open data: the read-only /api/v1/, the monthly dumps, the live census of collectivités on
social networks with its maps, and the embeddable ranking badges and feeds."""
