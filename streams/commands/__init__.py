"""One module per `grenswacht` subcommand; loaded only when that command runs."""
