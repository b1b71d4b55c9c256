"""The knowledge base: entities, their aliases, and where articles mention them."""
