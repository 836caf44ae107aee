"""Recordings in the GUI: the player dock, the waveform strip over the transcript, playback
synced to the transcript's cues, media codings, and transcribing by ear."""
