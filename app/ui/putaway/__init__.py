"""The Put away station page (F3): the dock, the suggested bin and where items belong."""
