"""The Replenish page: what to reorder, each figure explained, and the POs to create."""
