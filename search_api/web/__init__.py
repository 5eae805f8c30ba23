"""The web layer: the FastAPI app, its routes, pages, settings and error answers."""
