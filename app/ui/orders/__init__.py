"""The Orders page (F7): orders, their lines and reservations, and what can be done to them."""
