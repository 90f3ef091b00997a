"""How the console turns backend values (times, durations, errors) into short text."""
