"""NotAlone: the #MeToo movement as self-hostable software."""

__version__ = "0.1.0"
