"""``python -m alignlab`` runs the CLI."""

from alignlab.cli import main

main()
