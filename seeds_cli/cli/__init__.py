"""The click commands: options in, library calls, exit codes out."""
