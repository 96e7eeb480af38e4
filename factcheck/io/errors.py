"""The error every importer raises for input it refuses."""


class BadInput(ValueError):
    """Input that cannot be imported. ``str()`` names the file and the reason, for the user."""
