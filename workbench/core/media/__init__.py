"""Recordings beside transcripts: probing, finding moved files, timestamps and sync points.

Qt-free: decoding goes through PyAV (FFmpeg inside); hashing is plain hashlib."""
