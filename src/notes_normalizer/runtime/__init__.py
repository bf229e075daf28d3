"""Speed machinery, apart from what the code computes: workers, the note cache.

Imported only by `build.py` and the plugin."""
