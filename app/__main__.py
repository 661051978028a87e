"""`python -m app` runs the `binwise` command."""

from app.cli import main

raise SystemExit(main())
