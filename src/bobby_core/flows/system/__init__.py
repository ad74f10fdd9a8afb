"""Flows Bobby runs on its own behalf: consent, opting out, deleting data, pausing."""
