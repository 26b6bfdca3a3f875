"""Reading programs back, the manifest, and the raw reference .bin files."""
