"""The Audit page: every move with who did it and who approved it."""
