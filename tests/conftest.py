"""A hypothesis profile for the mutation run (docs/testing.md): fewer examples per
property, so each of thousands of mutants runs the solver laws in seconds."""
from hypothesis import settings

settings.register_profile("mutation", max_examples=30)
