"""The staff counter app (``kiosk run --mode counter``); see ``docs/counter.md``."""
