"""The composition root: settings, injector modules, the ASGI factory and the CLI."""
