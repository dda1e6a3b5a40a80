"""Device layer: plain blocking Python, no Qt. Usable from CLI, tests and app alike."""
