"""Call-back requests: the worklist of citizens waiting for an agent's call, and every try to reach them."""
