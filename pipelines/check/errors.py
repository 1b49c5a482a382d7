"""The check room's errors: each says what was tried and what to do."""

from pipelines.errors import CredscopeError, InputError


class UnknownEmployer(InputError):
    """A name that matches no employer in the registries or the store."""


class AmbiguousEmployer(InputError):
    """A name that could mean several employers."""


class NothingFound(InputError):
    """A careers page that could not be read or showed no job postings."""


class CheckIncomplete(CredscopeError):
    """Some of the employer's boards or pages failed; the postings that were read are stored."""
