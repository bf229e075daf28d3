"""The command line and its commands (audit, merge evaluation)."""
