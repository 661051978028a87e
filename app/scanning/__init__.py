"""Scanning: telling scans from typing, decoding what was scanned, resolving it in the database."""
