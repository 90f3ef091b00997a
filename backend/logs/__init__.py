"""The service's and the console's own log: clean records (log_hygiene.py) in private, rotated
files (log_files.py). Imports nothing heavy: the console sets this up before its first frame."""
