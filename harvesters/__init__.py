"""Harvesters: pull acts from administrations' websites, portals and inbox folders into the
repository — sources, polite fetching, the kinds of site (``kinds``), runs and their records."""
