"""Analysis: what each question asks about what (concepts, aspects, numbers, answer words)."""
