"""Browser tests: the app served on a free port and driven in headless Chromium."""
