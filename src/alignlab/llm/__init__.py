"""LLM provider clients: one ``complete(messages, *, temperature, max_tokens) -> str`` interface."""
