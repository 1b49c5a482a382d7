"""The demo room: `make demo` runs the main job on the bundled sample, served on loopback."""
