"""One router per resource: search API, documents and clauses, web pages."""
