"""The ingest layer: corpus files → pages → normalised documents with metadata → clauses.
Pure functions over the records of indexer/models.py; knows nothing of the index."""
