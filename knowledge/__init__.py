"""Knowledge: service guides and FAQs for self-service answers and agent suggestions."""
