"""One module per subcommand; each imports its library code only when run."""
