"""The `vnstd` command: the one part of vnstd that imports both the index builder
(indexer) and the server side (search_api)."""
