"""Domain rules in plain Python: what a value must be, decided once for every door."""
