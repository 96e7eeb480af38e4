"""Importers and exporters: files in, core objects out, and back. No Qt, no SQL."""

from factcheck.io.errors import BadInput

__all__ = ["BadInput"]
