"""``python -m dckg`` runs the command line."""

from .cli import main

main()
