"""The search layer: the query language, ranking, abbreviation expansion, semantic
fusion, snippets and suggestions; no Whoosh and no HTTP."""
