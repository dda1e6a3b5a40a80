"""The reference central service the kiosks sync to (Starlette on uvicorn)."""
