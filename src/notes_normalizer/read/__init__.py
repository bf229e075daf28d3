"""Reading: find the notes, decode them, tell which tool wrote each."""
