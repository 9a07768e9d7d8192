"""Infrastructure shared by every package: configuration, database, Redis and queues."""
