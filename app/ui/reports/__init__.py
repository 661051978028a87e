"""The Reports page: the seller's numbers as charts and tables."""
