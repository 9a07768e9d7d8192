"""Channels: one module per way citizens reach the hotline (sms, ...), all with the same shape."""
