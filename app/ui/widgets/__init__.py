"""What every page shares: the station frame, banner, cards, entry box, tables, sounds, dialogs."""
