"""One tab per part of the bulletin."""
