"""The models of open data: the dump files of each month and the census's monthly figures."""

from .census import *  # noqa: F403
from .dumps import Dump

__all__ = ["Dump"]
