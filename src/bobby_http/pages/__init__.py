"""Static pages served by the HTTP layer (the dev chat)."""
