"""The hotline's organisation: departments, the staff accounts, and who works for which department."""
