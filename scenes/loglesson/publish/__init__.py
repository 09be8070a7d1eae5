"""Publishing: turns what a render leaves (video, subcaptions, a manifest) into files for people."""
