"""One error vocabulary for every connector, so the runner knows whether to retry, wait,
alert or mark the profile."""


class ConnectorError(Exception):
    """Base of every connector error. `kind` is what the job-run log records."""

    kind = "error"

    def __init__(self, message: str = ""):
        super().__init__(message or self.__class__.__name__)


class ProfileUnavailable(ConnectorError):
    """The network says the profile cannot be read; `reason` is a Profile.UnavailableReason."""

    reason = "other"


class ProfileNotFound(ProfileUnavailable):
    kind = "not_found"
    reason = "not_found"


class ProfilePrivate(ProfileUnavailable):
    kind = "private"
    reason = "private"


class ProfileSuspended(ProfileUnavailable):
    kind = "suspended"
    reason = "suspended"


class AuthError(ConnectorError):
    """Missing, invalid or expired credentials, or a missing permission: alert the staff."""

    kind = "auth"


class RateLimited(ConnectorError):
    """The network asks us to slow down; `retry_after` in seconds when it says so."""

    kind = "rate_limited"

    def __init__(self, message: str = "", *, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


class TransientError(ConnectorError):
    """Server error, timeout or connection failure: worth retrying later."""

    kind = "transient"


class MalformedPayload(ConnectorError):
    """The answer does not have the documented shape; stored data is left untouched."""

    kind = "malformed"


class Incomplete(ConnectorError):
    """A detail the network left out (a post without its counts, fewer items than asked,
    paging cut short): the rest of the profile's day is stored, the gap is logged."""

    kind = "incomplete"
