"""Harvesters: pull acts from administrations' websites into the repository (see issue 3)."""
