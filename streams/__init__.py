"""The Faust stream processor and the command line: a thin shell around `rules`."""
