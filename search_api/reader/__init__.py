"""The reader layer: opens index generations (the server side's Whoosh seam), turns stored
fields into records and runs index requests."""
