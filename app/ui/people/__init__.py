"""Logging in at a station and a supervisor's approval on the spot."""
