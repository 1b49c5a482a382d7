"""Domain errors: the CLI turns each into one clear message and a non-zero exit code."""


class CredscopeError(Exception):
    """An error the user can act on; its message is shown without a traceback."""

    exit_code = 2


class InputError(CredscopeError):
    """Input that cannot be read or parsed (a file, a line, a format)."""

    exit_code = 2


class PartialFailure(CredscopeError):
    """Some items of a batch failed; the others were processed."""

    exit_code = 3
