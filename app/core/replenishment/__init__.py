"""Replenishment: what to reorder, when and how much.

`policy` holds the settings, `formulas` the arithmetic (safety stock, reorder point, order
quantities), `forecast` daily demand (Holt-Winters or a moving average) with its error, `data`
the few bulk queries, `plan` puts them together per item and `suggest` groups the low items
into purchase orders per supplier.
"""
