"""The `fraudchain` command line: argument parsing, printing, exit codes. The only package that
prints for the user; nothing else in sim imports it."""
