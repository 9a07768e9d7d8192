"""Local stand-ins for provider APIs that cannot be reached from here, speaking their wire format."""
