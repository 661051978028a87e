"""The Returns station page (Shift+F2): a returned parcel back into stock, quarantine or loss."""
