"""The EAEU counterpart: focal points, sharing barriers with their regulator, and what a focal point may reach (barriers/{models,services,selectors,notifications}/counterparts.py)."""
