"""Serving the site: production settings and start-up checks, the proxy in front, the health
check, compression, cacheable public pages and precompressed static files."""
