"""Recordings: probing, locating, sync points and waveform peaks (Qt-free, PyAV)."""
