"""Pure functions over records (a `Records` read port): programme, progress, finance, council,
moments, signals. They return values and typed facts, never finished sentences or formatted amounts;
the wording is `presentation`'s.

May import: domain only.
"""
