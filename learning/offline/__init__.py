"""Learning offline in a plain phone browser: the service worker, course packs and progress sync."""
