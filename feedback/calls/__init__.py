"""Live calls: callers waiting in queues, agents' availability and phones, offers, wrap-up, and the call figures."""
