"""What happens to a reply between the turn's commit and the provider: its vendor work."""
