"""Adapters: one module or package per technology, each filling a core port."""
