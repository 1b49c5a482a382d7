"""Domain errors: the CLI's error handler turns each into one clear message and its exit code.

Rooms add their own subclasses beside their code (store/errors.py, stages/errors.py,
reports/errors.py; the crawler's registry and runner raise these too). Which exit code each
class means is decided in one place, `pipelines/cli/error_handler.py`.
"""


class CredscopeError(Exception):
    """An error the user can act on; its message is shown without a traceback."""


class InputError(CredscopeError):
    """Input that cannot be read or parsed (a file, a line, a format)."""


class PartialFailure(CredscopeError):
    """Some items of a batch failed; the others were processed."""
