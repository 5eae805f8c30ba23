"""vnstd's index builder, in layers: text → ingest → index (see docs/architecture.md)."""

__version__ = "0.1.0"
