"""``python -m colretire``: the same as the ``colretire`` command."""

from colretire.cli import main

main()
