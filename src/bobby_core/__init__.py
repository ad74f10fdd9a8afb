"""Bobby's pure domain: entities, the conversation engine, flows, use cases and ports."""
