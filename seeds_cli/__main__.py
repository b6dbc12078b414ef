"""``python -m seeds_cli`` runs the ``seeds`` command."""

from seeds_cli.cli.main import main

main()
