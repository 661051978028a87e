"""The warehouse itself, free of any GUI: catalog, locations, the ledger, receiving, imports."""
