"""The index layer: the Whoosh schema and writer, index rows, the typed manifest,
generations on disk, and the build that ties ingest to them."""
