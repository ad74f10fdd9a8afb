"""The Litestar HTTP layer: routes, request and response models, error mapping, web pages."""
