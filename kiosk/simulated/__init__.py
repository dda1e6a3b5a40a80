"""Simulated devices: card emulator (vpcd), camera player, virtual printer."""
