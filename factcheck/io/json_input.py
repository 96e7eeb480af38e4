"""Reading a file handed to an importer as JSON, with one clear message for each way it can fail."""

from __future__ import annotations

import json

from factcheck.io.errors import BadInput


def load_json(data: bytes, name: str, what: str, *, strict: bool = True) -> object:
    """``data`` parsed as JSON, or :class:`BadInput` naming ``name`` and saying what was expected (``what``).

    ``strict=False`` lets line breaks stand inside strings, as JSON-LD in saved pages has them.
    """
    try:
        return json.loads(data, strict=strict)
    except json.JSONDecodeError as error:
        raise BadInput(f"{name} is not JSON ({error.msg}, line {error.lineno}, column {error.colno}). "
                       f"{what}.") from error
    except UnicodeDecodeError as error:
        raise BadInput(f"{name} is not JSON: it is not text in UTF-8, UTF-16 or UTF-32. {what}.") from error
    except (ValueError, RecursionError) as error:  # a number of thousands of digits; nesting too deep
        raise BadInput(f"{name} cannot be read as JSON: {error}. {what}.") from error
