"""Binwise: a warehouse app for the packing station."""

__version__ = "0.1.0"
