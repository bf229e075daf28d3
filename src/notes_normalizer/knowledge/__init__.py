"""The knowledge base: canonical questions, topics and the user's overrides (kb.yml)."""
