"""One use case per module: a `VerbNoun` class with a single `execute`."""
