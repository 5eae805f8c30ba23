"""`python -m search_api` is `vnstd`."""

import sys

from search_api.cli.main import main

sys.exit(main())
