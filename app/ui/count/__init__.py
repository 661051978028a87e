"""The Count station page (F5): today's bins in walking order, counted blind."""
