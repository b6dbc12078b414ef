"""``python -m seeds_cli`` runs the ``seeds`` command."""

from seeds_cli.cli.entry import main

main()
