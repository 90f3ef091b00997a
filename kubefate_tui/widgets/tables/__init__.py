"""Tables: the virtual table with its columns, the resource panel around it, field lists."""
