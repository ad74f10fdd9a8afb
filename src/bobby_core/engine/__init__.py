"""The conversation engine: flows as data, run one user turn at a time."""
