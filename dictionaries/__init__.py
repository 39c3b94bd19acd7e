"""zhtag's bundled dictionaries, shipped inside the package as data (see README.md here)."""
