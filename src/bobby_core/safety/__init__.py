"""Crisis safety: fixed replies and helplines, never improvised by a model."""
