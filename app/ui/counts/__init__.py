"""The Counts page (F11): variances to review, planning, ad-hoc counts, history, accuracy."""
